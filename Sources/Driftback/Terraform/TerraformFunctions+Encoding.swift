import DriftbackSyntax

/// `jsonencode` and `jsondecode` as Terraform does them: compact JSON, object keys sorted (Go's
/// `encoding/json`), and `<`, `>`, `&`, U+2028 and U+2029 escaped, which is the text providers store.
enum TerraformJSON {
  /// Appends the JSON text of a fully known value; `false` when the value is not fully known.
  static func encode(_ value: TerraformValue, into out: inout String, depth: Int = 0) -> Bool {
    guard depth < 128 else { return false }
    switch value.kind {
    case .null: out += "null"
    case .bool(let flag): out += flag ? "true" : "false"
    case .number(let number): out += TerraformValue.canonicalText(number)
    case .string(let text): out += quoted(text)
    case .list(let items):
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += "," }
        guard encode(item, into: &out, depth: depth + 1) else { return false }
      }
      out += "]"
    case .map(let object):
      out += "{"
      for (index, key) in object.sortedKeys.enumerated() {
        if index > 0 { out += "," }
        out += quoted(key) + ":"
        guard let item = object[key], encode(item, into: &out, depth: depth + 1) else { return false }
      }
      out += "}"
    case .unknown, .invalid:
      return false
    }
    return out.utf8.count <= TerraformEvaluator.maxStringBytes
  }

  /// A JSON string literal with Go's HTML-safe escapes.
  static func quoted(_ text: String) -> String {
    JSONText.quoted(text) { scalar in
      scalar == "<" || scalar == ">" || scalar == "&" || scalar.value == 0x2028 || scalar.value == 0x2029
    }
  }

  /// The value of a JSON text, or invalid.
  static func decode(_ text: String) -> TerraformValue {
    let file = SourceFile(path: "<jsondecode>", text: text)
    guard let document = try? JSONParser().parse(file), let root = document.root,
      let value = try? Value(syntax: root, schema: .core, file: file)
    else { return .invalid("jsondecode: not valid JSON") }
    return TerraformValue(live: value)
  }
}

/// IPv4 prefix arithmetic for `cidrsubnet` and `cidrhost`; IPv6 is left unknown.
enum TerraformCIDR {
  private static func parse(_ prefix: String) -> (address: UInt32, length: Int)? {
    let parts = prefix.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let length = Int(parts[1]), (0...32).contains(length) else { return nil }
    let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
    guard octets.count == 4 else { return nil }
    var address: UInt32 = 0
    for octet in octets {
      guard octet.count <= 3, let byte = UInt8(octet) else { return nil }
      address = address << 8 | UInt32(byte)
    }
    return (address, length)
  }

  private static func text(_ address: UInt32) -> String {
    [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xFF) }.joined(separator: ".")
  }

  private static func mask(_ length: Int) -> UInt32 {
    length == 0 ? 0 : UInt32.max << UInt32(32 - length)
  }

  /// `cidrsubnet("10.0.0.0/16", 8, 2)` = `"10.0.2.0/24"`.
  static func subnet(_ prefix: String, newBits: Int64, number: Int64) -> String? {
    guard let (address, length) = parse(prefix), newBits >= 0, length + Int(newBits) <= 32, number >= 0,
      number < (Int64(1) << newBits)
    else { return nil }
    let newLength = length + Int(newBits)
    let base = address & mask(length)
    let shifted = newLength == 32 ? UInt32(number) : UInt32(number) << UInt32(32 - newLength)
    return text(base | (newBits == 0 ? 0 : shifted)) + "/\(newLength)"
  }

  /// `cidrhost("10.0.1.0/24", 5)` = `"10.0.1.5"`; negative numbers count from the end.
  static func host(_ prefix: String, number: Int64) -> String? {
    guard let (address, length) = parse(prefix) else { return nil }
    let size = Int64(1) << Int64(32 - length)
    let offset = number >= 0 ? number : size + number
    guard offset >= 0, offset < size else { return nil }
    return text((address & mask(length)) | UInt32(offset))
  }
}
