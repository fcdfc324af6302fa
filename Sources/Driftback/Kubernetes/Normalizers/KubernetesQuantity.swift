/// A Kubernetes resource quantity (`500m`, `0.5`, `1Gi`, `1024Mi`, `1e3`, `2`) read exactly, so that two
/// spellings of the same amount compare equal (`k8s.io/apimachinery/pkg/api/resource/quantity.go`).
///
/// The amount is held as `significand × 10^exponent` in lowest terms (the significand has no trailing
/// decimal zero), computed with integer arithmetic only: binary suffixes are multiplied out, decimal ones
/// move the exponent. Amounts that do not fit 64 bits after that are not read (`nil`), which leaves the
/// values to be compared as written: never a false "equal".
public struct KubernetesQuantity: Hashable, Sendable {
  /// The significand, with no trailing decimal zero (zero is `0 × 10^0`).
  public let significand: Int64
  /// The power of ten.
  public let exponent: Int

  /// Reads a quantity from its text; `nil` when it is not a quantity.
  public init?(_ text: String) {
    var bytes = Substring(text).utf8[...]
    var negative = false
    if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
      negative = first == UInt8(ascii: "-")
      bytes = bytes.dropFirst()
    }
    // The number: digits with at most one decimal point.
    var digits: [UInt8] = []
    var fractionDigits = 0
    var seenPoint = false
    while let byte = bytes.first {
      if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
        digits.append(byte - UInt8(ascii: "0"))
        if seenPoint { fractionDigits += 1 }
      } else if byte == UInt8(ascii: ".") && !seenPoint {
        seenPoint = true
      } else {
        break
      }
      bytes = bytes.dropFirst()
    }
    guard !digits.isEmpty, let (decimalExponent, binaryPower) = Self.suffix(String(decoding: bytes, as: UTF8.self))
    else { return nil }

    // Trailing zeros move into the exponent so large round amounts stay small.
    var exponent = decimalExponent - fractionDigits
    while digits.count > 1, digits.last == 0 {
      digits.removeLast()
      exponent += 1
    }
    var significand: Int64 = 0
    for digit in digits {
      let (shifted, overflow1) = significand.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = shifted.addingReportingOverflow(Int64(digit))
      guard !overflow1, !overflow2 else { return nil }
      significand = sum
    }
    for _ in 0..<binaryPower {
      let (doubled, overflow) = significand.multipliedReportingOverflow(by: 2)
      guard !overflow else { return nil }
      significand = doubled
    }
    if significand == 0 {
      exponent = 0
    } else {
      while significand % 10 == 0 {
        significand /= 10
        exponent += 1
      }
    }
    self.significand = negative ? -significand : significand
    self.exponent = exponent
  }

  /// Reads a quantity from a string or number value (`cpu: 0.5`, `cpu: "500m"`, `storage: 1Gi`).
  public init?(value: Value) {
    switch value.kind {
    case .string(let text): self.init(text)
    // An integer is read by value (a YAML 1.1 `0100` is 64), anything else by its spelling.
    case .number(let number): self.init(number.integer.map { String($0) } ?? number.text)
    default: return nil
    }
  }

  /// Whether the amount is zero (`0`, `"0"`, `0m`).
  public var isZero: Bool { significand == 0 }

  /// The power of ten and the power of two of a suffix; `nil` for an unknown suffix.
  private static func suffix(_ text: String) -> (Int, Int)? {
    switch text {
    case "": return (0, 0)
    case "n": return (-9, 0)
    case "u": return (-6, 0)
    case "m": return (-3, 0)
    case "k": return (3, 0)
    case "M": return (6, 0)
    case "G": return (9, 0)
    case "T": return (12, 0)
    case "P": return (15, 0)
    case "E": return (18, 0)
    case "Ki": return (0, 10)
    case "Mi": return (0, 20)
    case "Gi": return (0, 30)
    case "Ti": return (0, 40)
    case "Pi": return (0, 50)
    case "Ei": return (0, 60)
    default:
      // A decimal exponent: e3, E-2, e+6.
      guard let first = text.first, first == "e" || first == "E", let power = Int(text.dropFirst()),
        abs(power) < 1_000
      else { return nil }
      return (power, 0)
    }
  }
}
