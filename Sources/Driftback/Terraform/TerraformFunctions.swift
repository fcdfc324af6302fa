import DriftbackSyntax

/// The pure Terraform functions that static evaluation supports.
///
/// Functions that move values around (`merge`, `concat`, `lookup`, `element`, `values`, `flatten`…) keep
/// each value's origin, so a tag set through `merge(local.tags, {…})` still points at its literal; functions
/// that compute a new value leave the origin empty, and the call expression becomes the origin. An unknown
/// argument makes the result unknown only where the function needs to look into it.
enum TerraformFunctions {
  /// The result of `name(arguments)`; `nil` when the function is not supported (the caller reports it and
  /// treats the result as unknown). Arguments are never invalid here.
  static func call(_ name: String, _ arguments: [TerraformValue]) -> TerraformValue? {
    let args = arguments
    func string(_ index: Int) -> String? { index < args.count ? args[index].string : nil }
    func needs(_ count: Int) -> TerraformValue? {
      args.count == count ? nil : .invalid("\(name) needs \(count) arguments")
    }
    // Functions that look into every argument: any unknown inside makes the result unknown.
    let deepFunctions: Set<String> = [
      "jsonencode", "lower", "upper", "format", "join", "split", "replace", "contains", "distinct", "max", "min",
      "abs", "tostring", "tonumber", "tobool", "trimspace", "startswith", "endswith", "cidrsubnet", "cidrhost",
      "toset", "title", "trimprefix", "trimsuffix", "trim", "substr", "ceil", "floor", "range", "sort",
      "jsondecode", "strrev", "sum", "index", "compact", "base64encode", "chomp", "signum", "parseint", "pow",
    ]
    if deepFunctions.contains(name), let problem = args.lazy.compactMap(\.firstUnusable).first {
      return problem
    }
    switch name {
    // MARK: Strings
    case "lower": return needs(1) ?? string(0).map { .string($0.lowercased()) } ?? .invalid("lower needs a string")
    case "upper": return needs(1) ?? string(0).map { .string($0.uppercased()) } ?? .invalid("upper needs a string")
    case "title":
      return needs(1) ?? string(0).map { .string(title($0)) } ?? .invalid("title needs a string")
    case "trimspace":
      return needs(1) ?? string(0).map { .string(trimmed($0, isWhitespace)) } ?? .invalid("trimspace needs a string")
    case "chomp":
      guard var text = string(0) else { return .invalid("chomp needs a string") }
      while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
      return .string(text)
    case "trim":
      guard let text = string(0), let set = string(1) else { return .invalid("trim needs two strings") }
      let characters = Set(set)
      return .string(trimmed(text) { characters.contains($0) })
    case "trimprefix":
      guard let text = string(0), let prefix = string(1) else { return .invalid("trimprefix needs two strings") }
      return .string(text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text)
    case "trimsuffix":
      guard let text = string(0), let suffix = string(1) else { return .invalid("trimsuffix needs two strings") }
      return .string(text.hasSuffix(suffix) ? String(text.dropLast(suffix.count)) : text)
    case "startswith":
      guard let text = string(0), let prefix = string(1) else { return .invalid("startswith needs two strings") }
      return .bool(text.hasPrefix(prefix))
    case "endswith":
      guard let text = string(0), let suffix = string(1) else { return .invalid("endswith needs two strings") }
      return .bool(text.hasSuffix(suffix))
    case "strrev":
      return string(0).map { .string(String($0.reversed())) } ?? .invalid("strrev needs a string")
    case "substr":
      guard let text = string(0), let offset = args.count > 1 ? args[1].number?.integer : nil,
        let length = args.count > 2 ? args[2].number?.integer : nil
      else { return .invalid("substr needs a string and two numbers") }
      let characters = Array(text)
      var start = Int(clamping: offset)
      if start < 0 { start += characters.count }
      guard start >= 0, start <= characters.count else { return .invalid("substr offset out of range") }
      let end =
        length < 0 ? characters.count : min(characters.count, start + Int(clamping: min(length, Int64(Int32.max))))
      return .string(String(characters[start..<max(start, end)]))
    case "join":
      guard let separator = string(0), args.count >= 2 else { return .invalid("join needs a separator and lists") }
      var parts: [String] = []
      for list in args.dropFirst() {
        guard let items = list.list else { return .invalid("join needs lists") }
        for item in items {
          guard let text = item.string else { return .invalid("join needs strings") }
          parts.append(text)
        }
      }
      return .string(parts.joined(separator: separator))
    case "split":
      guard let separator = string(0), let text = string(1) else { return .invalid("split needs two strings") }
      guard !separator.isEmpty else { return .list(text.map { .string(String($0)) }) }
      return .list(split(text, by: separator).map { .string($0) })
    case "replace":
      guard let text = string(0), let search = string(1), let replacement = string(2) else {
        return .invalid("replace needs three strings")
      }
      if search.count >= 2, search.hasPrefix("/"), search.hasSuffix("/") { return .unknown }  // regular expressions
      guard !search.isEmpty else { return .string(text) }
      return .string(split(text, by: search).joined(separator: replacement))
    case "format":
      guard let pattern = string(0) else { return .invalid("format needs a format string") }
      return format(pattern, Array(args.dropFirst()))
    case "tostring":
      guard args.count == 1 else { return needs(1) }
      if args[0].isNull { return args[0] }
      guard let text = args[0].string else { return .invalid("tostring needs a primitive") }
      if case .string = args[0].kind { return args[0] }
      return .string(text)
    case "tonumber":
      guard args.count == 1 else { return needs(1) }
      if args[0].isNull { return args[0] }
      if case .number = args[0].kind { return args[0] }
      return args[0].number.map { TerraformValue(.number($0)) } ?? .invalid("tonumber: not a number")
    case "tobool":
      guard args.count == 1 else { return needs(1) }
      if args[0].isNull { return args[0] }
      return args[0].bool.map { TerraformValue.bool($0) } ?? .invalid("tobool: not a bool")
    case "jsonencode":
      guard args.count == 1 else { return needs(1) }
      var out = ""
      guard TerraformJSON.encode(args[0], into: &out) else { return .invalid("jsonencode: cannot encode") }
      return .string(out)
    case "jsondecode":
      guard let text = string(0) else { return .invalid("jsondecode needs a string") }
      return TerraformJSON.decode(text)
    case "cidrsubnet":
      guard let prefix = string(0), let bits = args.count > 1 ? args[1].number?.integer : nil,
        let number = args.count > 2 ? args[2].number?.integer : nil
      else { return .invalid("cidrsubnet needs a prefix and two numbers") }
      return TerraformCIDR.subnet(prefix, newBits: bits, number: number).map { .string($0) }
        ?? .unknown
    case "cidrhost":
      guard let prefix = string(0), let number = args.count > 1 ? args[1].number?.integer : nil else {
        return .invalid("cidrhost needs a prefix and a number")
      }
      return TerraformCIDR.host(prefix, number: number).map { .string($0) } ?? .unknown

    // MARK: Collections
    case "length":
      guard args.count == 1 else { return needs(1) }
      switch args[0].kind {
      case .unknown: return .unknown
      case .list(let items): return .int(items.count)
      case .map(let object): return .int(object.count)
      case .string(let text): return .int(text.count)
      default: return .invalid("length needs a collection or a string")
      }
    case "merge":
      var object = TerraformObject()
      for argument in args {
        if argument.isNull { continue }
        if argument.isUnknown { return .unknown }
        guard let other = argument.object else { return .invalid("merge needs maps") }
        for key in other.keys { object[key] = other[key] }
      }
      return .map(object)
    case "concat":
      var items: [TerraformValue] = []
      for argument in args {
        if argument.isUnknown { return .unknown }
        guard let list = argument.list else { return .invalid("concat needs lists") }
        items.append(contentsOf: list)
        if items.count > TerraformEvaluator.maxItems { return .invalid("too many items") }
      }
      return .list(items)
    case "tolist":
      guard args.count == 1 else { return needs(1) }
      if args[0].isUnusable || args[0].list != nil { return args[0] }
      return .invalid("tolist needs a list or set")
    case "toset":
      guard args.count == 1, let items = args[0].list else { return .invalid("toset needs a list") }
      return .list(setOrder(distinct(items)))
    case "tomap":
      guard args.count == 1 else { return needs(1) }
      if args[0].isUnusable || args[0].object != nil { return args[0] }
      return .invalid("tomap needs a map")
    case "lookup":
      guard args.count == 2 || args.count == 3 else { return .invalid("lookup needs two or three arguments") }
      if args[0].isUnknown || args[1].containsUnusable { return .unknown }
      guard let object = args[0].object, let key = args[1].string else {
        return .invalid("lookup needs a map and a key")
      }
      if let found = object[key] { return found }
      return args.count == 3 ? args[2] : .invalid("lookup: no key \(key)")
    case "keys":
      guard args.count == 1 else { return needs(1) }
      if args[0].isUnknown { return .unknown }
      guard let object = args[0].object else { return .invalid("keys needs a map") }
      return .list(object.sortedKeys.map { .string($0) })
    case "values":
      guard args.count == 1 else { return needs(1) }
      if args[0].isUnknown { return .unknown }
      guard let object = args[0].object else { return .invalid("values needs a map") }
      return .list(object.sortedKeys.compactMap { object[$0] })
    case "zipmap":
      guard args.count == 2 else { return needs(2) }
      if args[0].containsUnusable || args[1].isUnknown { return .unknown }
      guard let keys = args[0].list, let values = args[1].list, keys.count == values.count else {
        return .invalid("zipmap needs two lists of the same length")
      }
      var object = TerraformObject()
      for (key, value) in zip(keys, values) {
        guard let text = key.string else { return .invalid("zipmap keys must be strings") }
        object[text] = value
      }
      return .map(object)
    case "contains":
      guard args.count == 2, let items = args[0].list else { return .invalid("contains needs a list and a value") }
      for item in items where item.equals(args[1]) == true { return .bool(true) }
      return .bool(false)
    case "index":
      guard args.count == 2, let items = args[0].list else { return .invalid("index needs a list and a value") }
      for (position, item) in items.enumerated() where item.equals(args[1]) == true { return .int(position) }
      return .invalid("index: the value is not in the list")
    case "element":
      guard args.count == 2 else { return needs(2) }
      if args[0].isUnknown || args[1].isUnusable { return .unknown }
      guard let items = args[0].list, let position = args[1].number?.integer, position >= 0 else {
        return .invalid("element needs a list and a non-negative index")
      }
      guard !items.isEmpty else { return .invalid("element of an empty list") }
      return items[Int(position % Int64(items.count))]
    case "slice":
      guard args.count == 3 else { return needs(3) }
      if args[0].isUnknown || args[1].isUnusable || args[2].isUnusable { return .unknown }
      guard let items = args[0].list, let start = args[1].number?.integer, let end = args[2].number?.integer,
        start >= 0, end >= start, end <= Int64(items.count)
      else { return .invalid("slice out of range") }
      return .list(Array(items[Int(start)..<Int(end)]))
    case "reverse":
      guard args.count == 1 else { return needs(1) }
      if args[0].isUnknown { return .unknown }
      return args[0].list.map { .list($0.reversed()) } ?? .invalid("reverse needs a list")
    case "flatten":
      guard args.count == 1 else { return needs(1) }
      var items: [TerraformValue] = []
      guard flatten(args[0], into: &items, depth: 0) else {
        return args[0].containsUnusable ? .unknown : .invalid("flatten needs a list")
      }
      return .list(items)
    case "distinct":
      guard args.count == 1, let items = args[0].list else { return .invalid("distinct needs a list") }
      return .list(distinct(items))
    case "compact":
      guard args.count == 1, let items = args[0].list else { return .invalid("compact needs a list") }
      return .list(items.filter { !$0.isNull && $0.string != "" })
    case "sort":
      guard args.count == 1, let items = args[0].list else { return .invalid("sort needs a list") }
      let texts = items.compactMap(\.string)
      guard texts.count == items.count else { return .invalid("sort needs strings") }
      return .list(texts.sorted().map { .string($0) })
    case "coalesce":
      for argument in args {
        if argument.isUnknown { return .unknown }
        if argument.isNull || argument.string == "" { continue }
        return argument
      }
      return .invalid("coalesce: no non-null argument")
    case "coalescelist":
      for argument in args {
        if argument.isUnknown { return .unknown }
        if let items = argument.list, !items.isEmpty { return argument }
      }
      return .list([])
    case "range":
      let numbers = args.compactMap { $0.number?.double }
      guard numbers.count == args.count, (1...3).contains(numbers.count) else { return .invalid("range needs numbers") }
      let start = numbers.count == 1 ? 0 : numbers[0]
      let end = numbers.count == 1 ? numbers[0] : numbers[1]
      let step = numbers.count == 3 ? numbers[2] : (end >= start ? 1 : -1)
      guard step != 0, abs((end - start) / step) <= Double(TerraformEvaluator.maxItems) else {
        return .invalid("range is too long")
      }
      var items: [TerraformValue] = []
      var current = start
      while step > 0 ? current < end : current > end {
        items.append(TerraformValue.number(current))
        current += step
      }
      return .list(items)

    // MARK: Numbers
    case "max", "min":
      let numbers = args.compactMap(\.number)
      guard !numbers.isEmpty, numbers.count == args.count else { return .invalid("\(name) needs numbers") }
      let best = numbers.dropFirst().reduce(numbers[0]) {
        name == "max" ? ($1.double > $0.double ? $1 : $0) : ($1.double < $0.double ? $1 : $0)
      }
      return TerraformValue(.number(best))
    case "sum":
      guard args.count == 1, let items = args[0].list, !items.isEmpty else { return .invalid("sum needs a list") }
      let numbers = items.compactMap(\.number)
      guard numbers.count == items.count else { return .invalid("sum needs numbers") }
      return TerraformValue.number(numbers.reduce(0) { $0 + $1.double })
    case "abs":
      guard args.count == 1, let number = args[0].number else { return .invalid("abs needs a number") }
      if let integer = number.integer, integer != Int64.min { return TerraformValue.number(abs(integer), orDouble: 0) }
      return TerraformValue.number(abs(number.double))
    case "ceil":
      guard args.count == 1, let number = args[0].number else { return .invalid("ceil needs a number") }
      return TerraformValue.number(number.double.rounded(.up))
    case "floor":
      guard args.count == 1, let number = args[0].number else { return .invalid("floor needs a number") }
      return TerraformValue.number(number.double.rounded(.down))
    case "signum":
      guard args.count == 1, let number = args[0].number else { return .invalid("signum needs a number") }
      return .int(number.double > 0 ? 1 : number.double < 0 ? -1 : 0)
    case "pow":
      guard args.count == 2, let base = args[0].number, let exponent = args[1].number else {
        return .invalid("pow needs two numbers")
      }
      var result = 1.0
      if let power = exponent.integer, power >= 0, power <= 1024 {
        for _ in 0..<power { result *= base.double }
        return TerraformValue.number(result)
      }
      return .unknown
    case "parseint":
      guard let text = string(0), let base = args.count > 1 ? args[1].number?.integer : nil, (2...62).contains(base),
        let value = Int64(text, radix: Int(min(base, 36)))
      else { return .invalid("parseint: not a number") }
      return TerraformValue.number(value, orDouble: 0)
    default:
      return nil
    }
  }

  // MARK: - Helpers

  private static func isWhitespace(_ character: Character) -> Bool { character.isWhitespace }

  private static func trimmed(_ text: String, _ drop: (Character) -> Bool) -> String {
    var slice = Substring(text)
    while let first = slice.first, drop(first) { slice = slice.dropFirst() }
    while let last = slice.last, drop(last) { slice = slice.dropLast() }
    return String(slice)
  }

  private static func title(_ text: String) -> String {
    var out = ""
    var atWordStart = true
    for character in text {
      out += atWordStart ? character.uppercased() : String(character)
      atWordStart = !(character.isLetter || character.isNumber)
    }
    return out
  }

  /// Items without repeats, first occurrence kept (known values only: callers check first).
  private static func distinct(_ items: [TerraformValue]) -> [TerraformValue] {
    var seenStrings: Set<String> = []
    var out: [TerraformValue] = []
    for item in items {
      if case .string(let text) = item.kind {
        if seenStrings.insert(text).inserted { out.append(item) }
      } else if !out.contains(where: { $0.equals(item) == true }) {
        out.append(item)
      }
    }
    return out
  }

  /// Sets of strings iterate in lexical order in Terraform; other sets keep the given order.
  private static func setOrder(_ items: [TerraformValue]) -> [TerraformValue] {
    guard items.allSatisfy({ if case .string = $0.kind { true } else { false } }) else { return items }
    return items.sorted { ($0.string ?? "") < ($1.string ?? "") }
  }

  private static func flatten(_ value: TerraformValue, into items: inout [TerraformValue], depth: Int) -> Bool {
    guard depth < 64, let list = value.list else { return false }
    for item in list {
      if item.isUnusable { return false }
      if item.list != nil {
        guard flatten(item, into: &items, depth: depth + 1) else { return false }
      } else {
        items.append(item)
      }
      if items.count > TerraformEvaluator.maxItems { return false }
    }
    return true
  }

  /// `format` with the verbs `%s %d %v %q %f %t %%`, with optional width and precision.
  private static func format(_ pattern: String, _ args: [TerraformValue]) -> TerraformValue {
    var out = ""
    var next = 0
    var characters = pattern.makeIterator()
    while let character = characters.next() {
      guard character == "%" else {
        out.append(character)
        continue
      }
      var spec = ""
      var verb: Character?
      while let c = characters.next() {
        if c.isLetter || c == "%" {
          verb = c
          break
        }
        spec.append(c)
        if spec.count > 16 { return .invalid("format: bad verb") }
      }
      guard let verb else { return .invalid("format: unfinished verb") }
      if verb == "%" {
        out.append("%")
        continue
      }
      guard next < args.count else { return .invalid("format: too few arguments") }
      let argument = args[next]
      next += 1
      let parts = spec.split(separator: ".", omittingEmptySubsequences: false)
      let width = Int(parts.first.map(String.init)?.filter(\.isNumber) ?? "") ?? 0
      let precision = parts.count > 1 ? Int(parts[1]) : nil
      var piece: String
      switch verb {
      case "s", "v":
        guard let text = argument.string else {
          var json = ""
          guard verb == "v", TerraformJSON.encode(argument, into: &json) else {
            return .invalid("format: %s needs a string")
          }
          piece = json
          break
        }
        piece = text
      case "q":
        guard let text = argument.string else { return .invalid("format: %q needs a string") }
        piece = JSONText.quoted(text)
      case "d":
        guard let number = argument.number, let integer = number.integer ?? exactInteger(number.double) else {
          return .invalid("format: %d needs a whole number")
        }
        piece = String(integer)
      case "f":
        guard let number = argument.number else { return .invalid("format: %f needs a number") }
        piece = fixed(number.double, precision: min(precision ?? 6, 30))
      case "t":
        guard let flag = argument.bool else { return .invalid("format: %t needs a bool") }
        piece = flag ? "true" : "false"
      default:
        return .unknown
      }
      if piece.count < width {
        let padding = String(repeating: spec.hasPrefix("0") ? "0" : " ", count: min(width, 4096) - piece.count)
        piece = spec.hasPrefix("-") ? piece + padding : padding + piece
      }
      out += piece
      if out.utf8.count > TerraformEvaluator.maxStringBytes { return .invalid("format: too long") }
    }
    return .string(out)
  }

  private static func exactInteger(_ double: Double) -> Int64? {
    guard double == double.rounded(), abs(double) < 9.0e15 else { return nil }
    return Int64(double)
  }

  /// A fixed-point spelling with `precision` decimals, without Foundation's `String(format:)`.
  private static func fixed(_ value: Double, precision: Int) -> String {
    guard value.isFinite, abs(value) < 1e15 else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<precision { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9.0e15 else { return "\(value)" }
    let digits = String(Int64(scaled))
    let padded = String(repeating: "0", count: max(0, precision + 1 - digits.count)) + digits
    let integerPart = padded.dropLast(precision)
    let fraction = padded.suffix(precision)
    return (value < 0 && scaled != 0 ? "-" : "") + integerPart + (precision > 0 ? "." + fraction : "")
  }

  /// Splits on every occurrence of a non-empty separator, in one pass over the bytes.
  private static func split(_ string: String, by separator: String) -> [String] {
    let text = Array(string.utf8)
    let pattern = Array(separator.utf8)
    guard !pattern.isEmpty, text.count >= pattern.count else { return [string] }
    var parts: [String] = []
    var start = 0
    var index = 0
    while index + pattern.count <= text.count {
      if text[index] == pattern[0], text[index..<(index + pattern.count)].elementsEqual(pattern) {
        parts.append(String(decoding: text[start..<index], as: UTF8.self))
        index += pattern.count
        start = index
      } else {
        index += 1
      }
    }
    parts.append(String(decoding: text[start...], as: UTF8.self))
    return parts
  }
}
