/// Resolves the type of a YAML scalar the way a given consumer does.
///
/// **Kubernetes rule** (``Schema/kubernetes``), the one `kubectl` applies through `sigs.k8s.io/yaml`
/// (go-yaml v2, YAML 1.1 flavoured): a plain scalar is
/// - null when it is empty, `~`, `null`, `Null` or `NULL`;
/// - a boolean when it is `y Y yes Yes YES on On ON true True TRUE` or `n N no No NO off Off OFF false False FALSE`;
/// - an integer when Go's `strconv.ParseInt(s, 0, 64)` accepts it after removing `_` (so `0x1F`, `0o17`,
///   `0b101` and the YAML 1.1 octal `0644` = 420 are integers);
/// - a float when it matches `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` or is `.inf`/`.nan`;
/// - otherwise a string. Timestamps stay strings (kubectl would rewrite a bare date in RFC 3339 form; no
///   Kubernetes field holds one).
///
/// **YAML 1.2 core** (``Schema/core``), CloudFormation's rule: only `true/True/TRUE/false/False/FALSE` are
/// booleans, `yes`/`no`/`on`/`off` stay strings, octal needs `0o`, `0644` is the decimal 644.
///
/// Quoted and block scalars are always strings. Explicit tags win: `!!str`, `!!int`, `!!float`, `!!bool`,
/// `!!null`; the non-specific tag `!` makes a string.
public enum YAMLScalarResolver {
  /// Which consumer's rules to follow.
  public enum Schema: Sendable, Hashable {
    /// kubectl / sigs.k8s.io/yaml (YAML 1.1 booleans and octal).
    case kubernetes
    /// YAML 1.2 core schema (CloudFormation).
    case core
  }

  /// The resolved type of a scalar.
  public enum Resolved: Hashable, Sendable {
    case null
    case bool(Bool)
    /// An integer: its value when it fits 64 bits; the text is on the node.
    case integer(Int64?)
    case float(Double)
    case string
  }

  /// Resolves a scalar's text, style and tag.
  public static func resolve(
    _ text: String, style: SyntaxNode.ScalarStyle, tag: String?, schema: Schema
  ) -> Resolved {
    if let tag {
      switch tag {
      case YAMLTag.string, "!": return .string
      case YAMLTag.null: return .null
      case YAMLTag.bool:
        if case .bool(let value) = resolvePlain(text, schema: schema) { return .bool(value) }
        return .string
      case YAMLTag.int:
        if case .integer(let value) = resolvePlain(text, schema: schema) { return .integer(value) }
        return .string
      case YAMLTag.float:
        switch resolvePlain(text, schema: schema) {
        case .float(let value): return .float(value)
        case .integer(let value): return .float(Double(value ?? 0))
        default: return .string
        }
      default:
        break
      }
    }
    guard style == .plain else { return .string }
    return resolvePlain(text, schema: schema)
  }

  /// Resolves a plain scalar.
  public static func resolvePlain(_ text: String, schema: Schema) -> Resolved {
    let utf8 = text.utf8
    guard let first = utf8.first else { return .null }
    // Fast exit for the common case: a word that cannot be a keyword or a number.
    switch first {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
      UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
      UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "o"),
      UInt8(ascii: "O"):
      break
    default:
      return .string
    }
    if utf8.count > 5, first > UInt8(ascii: "9") { return .string }
    // Fast exit: most plain scalars are words that start with a letter other than the few that begin
    // a keyword.
    switch text {
    case "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE": return .bool(true)
    case "false", "False", "FALSE": return .bool(false)
    default: break
    }
    if schema == .kubernetes {
      switch text {
      case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
      case "n", "N", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
      default: break
      }
    }
    let isNumberStart = (first >= 0x30 && first <= 0x39) || first == 0x2B || first == 0x2D || first == 0x2E
    guard isNumberStart else { return .string }
    if let integer = parseInteger(text, schema: schema) { return .integer(integer) }
    // go-yaml reads an integer too large for 64 bits as a float; YAML 1.2 core keeps it an integer.
    if schema == .core, isOverflowingInteger(text) { return .integer(nil) }
    if isDecimalFloat(text) { return .float(Double(text) ?? 0) }
    switch text {
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
    case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
    case ".nan", ".NaN", ".NAN": return .float(.nan)
    default: break
    }
    return .string
  }

  /// Parses an integer under the schema's rules.
  static func parseInteger(_ text: String, schema: Schema) -> Int64? {
    var bytes = Array(text.utf8)
    if schema == .kubernetes { bytes.removeAll { $0 == 0x5F } }  // go-yaml v2 drops '_'
    var negative = false
    var index = 0
    if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
      negative = bytes[index] == 0x2D
      index += 1
    }
    guard index < bytes.count else { return nil }
    var radix: Int64 = 10
    if bytes[index] == 0x30, index + 1 < bytes.count {
      switch bytes[index + 1] {
      case 0x78, 0x58:
        radix = 16
        index += 2
      case 0x6F, 0x4F:
        radix = 8
        index += 2
      case 0x62 where schema == .kubernetes, 0x42 where schema == .kubernetes:
        radix = 2
        index += 2
      default:
        if schema == .kubernetes {
          radix = 8
          index += 1
        }
      }
      guard index < bytes.count else { return nil }
    }
    if schema == .core, radix != 10, negative || bytes.first == 0x2B { return nil }
    var value: Int64 = 0
    for byte in bytes[index...] {
      let digit: Int64
      switch byte {
      case 0x30...0x39: digit = Int64(byte - 0x30)
      case 0x61...0x66: digit = Int64(byte - 0x61 + 10)
      case 0x41...0x46: digit = Int64(byte - 0x41 + 10)
      default: return nil
      }
      guard digit < radix else { return nil }
      let (multiplied, overflow1) = value.multipliedReportingOverflow(by: radix)
      let (added, overflow2) = multiplied.addingReportingOverflow(digit)
      if overflow1 || overflow2 { return nil }
      value = added
    }
    return negative ? -value : value
  }

  static func isOverflowingInteger(_ text: String) -> Bool {
    var bytes = Substring(text).utf8[...]
    if let first = bytes.first, first == 0x2B || first == 0x2D { bytes = bytes.dropFirst() }
    return !bytes.isEmpty && bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
  }

  /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
  static func isDecimalFloat(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var index = 0
    func digits() -> Int {
      let start = index
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
      return index - start
    }
    if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
    if index < bytes.count, bytes[index] == 0x2E {
      index += 1
      guard digits() > 0 else { return false }
    } else {
      guard digits() > 0 else { return false }
      if index < bytes.count, bytes[index] == 0x2E {
        index += 1
        _ = digits()
      }
    }
    if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
      index += 1
      if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
      guard digits() > 0 else { return false }
    }
    return index == bytes.count
  }
}
