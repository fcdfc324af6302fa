/// Capture times as the captures give them, read without the wall clock: ISO 8601 date-times
/// (`2026-11-21T02:00:00Z`, `2026-11-21T03:00:00+01:00`, `2026-11-21`) and capture folder names
/// (`2026-11-21T02-00Z`), so that a report can say how old a finding is relative to its capture.
public enum CaptureTime {
  /// Seconds since 1970-01-01T00:00:00Z, or `nil` when the text is not a date-time. A time without zone
  /// is read as UTC.
  public static func seconds(_ text: String) -> Int? {
    var scanner = Scanner(Array(text.utf8))
    guard let year = scanner.digits(4), scanner.skip("-"), let month = scanner.digits(2), scanner.skip("-"),
      let day = scanner.digits(2), (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    var seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
    if scanner.atEnd { return seconds }
    guard scanner.skip("T") || scanner.skip("t") || scanner.skip(" "), let hour = scanner.digits(2) else { return nil }
    // `:` in ISO 8601, `-` in folder names (a colon is awkward in a file name).
    guard let separator = scanner.peek, separator == UInt8(ascii: ":") || separator == UInt8(ascii: "-") else {
      return nil
    }
    scanner.index += 1
    guard let minute = scanner.digits(2), hour < 24, minute < 60 else { return nil }
    seconds += hour * 3600 + minute * 60
    if scanner.peek == separator, let second = scanner.lookahead(digitsAfterOne: 2) {
      scanner.index += 3
      seconds += min(second, 59)
      if scanner.skip(".") || scanner.skip(",") { while scanner.digits(1) != nil {} }
    }
    if scanner.atEnd || scanner.skip("Z") || scanner.skip("z") { return scanner.atEnd ? seconds : nil }
    // A zone offset, only in the ISO form (in a folder name `-` separates the time's parts).
    guard separator == UInt8(ascii: ":"), let sign = scanner.peek,
      sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-")
    else { return nil }
    scanner.index += 1
    guard let offsetHours = scanner.digits(2) else { return nil }
    _ = scanner.skip(":")
    let offsetMinutes = scanner.digits(2) ?? 0
    guard scanner.atEnd else { return nil }
    let offset = offsetHours * 3600 + offsetMinutes * 60
    return sign == UInt8(ascii: "+") ? seconds - offset : seconds + offset
  }

  /// How long before `now` something began, in the largest whole unit: `45 min`, `3 h`, `1 day`,
  /// `12 days`; `nil` when either time is unknown or `since` is after `now`.
  static func age(since: String?, now: String?) -> String? {
    guard let since, let now, let start = seconds(since), let end = seconds(now), end >= start else { return nil }
    let elapsed = end - start
    if elapsed < 3600 { return "\(elapsed / 60) min" }
    if elapsed < 86_400 { return "\(elapsed / 3600) h" }
    let days = elapsed / 86_400
    return days == 1 ? "1 day" : "\(days) days"
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  private struct Scanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
      guard peek == UInt8(ascii: character) else { return false }
      index += 1
      return true
    }

    /// Exactly `count` decimal digits, consumed.
    mutating func digits(_ count: Int) -> Int? {
      guard let value = number(at: index, count: count) else { return nil }
      index += count
      return value
    }

    /// `count` digits after the next byte, not consumed.
    func lookahead(digitsAfterOne count: Int) -> Int? { number(at: index + 1, count: count) }

    private func number(at start: Int, count: Int) -> Int? {
      guard start + count <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[start..<start + count] {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }
  }
}
