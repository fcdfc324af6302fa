public import DriftbackSyntax

/// CloudFormation's intrinsic functions as they are written in templates: the YAML short forms (`!Ref x`,
/// `!Sub "…"`, `!GetAtt a.b`) and the long forms they stand for (`{"Ref": x}`, `{"Fn::Sub": "…"}`,
/// `{"Fn::GetAtt": ["a", "b"]}`), and the rendering of values that hold intrinsics back into YAML.
///
/// The expansion rule is the one of aws-cli's `yamlhelper.py` and cfn-lint's `cfn_yaml.py`: `!Ref` and
/// `!Condition` keep their name, every other `!Name` becomes `Fn::Name`, and `!GetAtt a.b.c` splits at the
/// first dot. Unlike those loaders, a tag that names no CloudFormation function is an error rather than an
/// `Fn::` key CloudFormation would reject at deploy time.
public enum CloudFormationIntrinsic {
  /// The functions that have a YAML short form, by the name that follows `!`. `Length`, `ToJsonString` and
  /// `ForEach` need `Transform: AWS::LanguageExtensions`; `Contains`, `EachMemberEquals`, `EachMemberIn`,
  /// `RefAll`, `ValueOf` and `ValueOfAll` are the functions of the `Rules` section.
  public static let shortFormNames: Set<String> = [
    "Ref", "Condition", "Sub", "GetAtt", "Join", "If", "Select", "Split", "FindInMap", "ImportValue", "Base64",
    "Cidr", "GetAZs", "Equals", "And", "Or", "Not", "Transform", "Length", "ToJsonString", "ForEach",
    "Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll",
  ]

  /// The long-form key of a short-form tag: `!Ref` → `Ref`, `!Condition` → `Condition`, `!Sub` → `Fn::Sub`.
  /// - Parameter tag: the tag as the YAML parser reports it (`!Sub`).
  /// - Returns: the key, or `nil` when the tag names no CloudFormation function.
  public static func longFormKey(forTag tag: String) -> String? {
    guard tag.hasPrefix("!") else { return nil }
    let name = String(tag.dropFirst())
    guard shortFormNames.contains(name) else { return nil }
    return name == "Ref" || name == "Condition" ? name : "Fn::" + name
  }

  /// The short-form tag of a long-form key: `Ref` → `!Ref`, `Fn::Sub` → `!Sub`.
  /// - Returns: the tag, or `nil` when the key is not the key of a function with a short form.
  public static func shortFormTag(forKey key: String) -> String? {
    if key == "Ref" || key == "Condition" { return "!" + key }
    guard key.hasPrefix("Fn::") else { return nil }
    let name = String(key.dropFirst(4))
    return shortFormNames.contains(name) ? "!" + name : nil
  }

  /// The function a value calls, when it is a long-form intrinsic: a map with a single entry whose key is
  /// `Ref` or `Fn::Name` (a function with a short form), or `Condition` with a string (the condition
  /// reference used inside `Fn::And`, `Fn::Or`, `Fn::Not` and `Fn::If`).
  /// - Returns: the key (`Fn::Sub`) and the argument, or `nil` for any other value.
  public static func call(in value: Value) -> (key: String, argument: Value)? {
    guard case .map(let map) = value.kind, map.count == 1, let entry = map.entries.first else { return nil }
    if entry.key == "Condition" { return entry.value.string != nil ? (entry.key, entry.value) : nil }
    return shortFormTag(forKey: entry.key) != nil ? (entry.key, entry.value) : nil
  }

  /// Whether a value holds an intrinsic function call anywhere.
  public static func containsCall(_ value: Value) -> Bool {
    if call(in: value) != nil { return true }
    switch value.kind {
    case .list(let items): return items.contains(where: containsCall)
    case .map(let map): return map.entries.contains { containsCall($0.value) }
    default: return false
    }
  }

  // MARK: - Rendering

  /// Renders a value that holds intrinsic functions as YAML with short forms (`!Ref x`, `!Sub "…"`,
  /// `!GetAtt a.b`, `!If [c, !Ref A, !Ref AWS::NoValue]`). A short form never directly wraps another one
  /// (YAML gives a node one tag): the outer function is then written in long form (`Fn::Base64: !Sub …`).
  ///
  /// The text is meant to follow `key:` (or the `-` of a list item) whose key or dash is at column `indent`:
  /// a value that fits after the colon comes back without indentation or leading space (`!Ref X`, or
  /// `!Sub |` followed by the lines of a literal block); a value that must start on its own line (a block
  /// map or list, such as the long form `Fn::Base64:`) comes back starting with a line break. Continuation
  /// lines are indented from `indent + 2`. The text has no trailing line break. It reads back, under
  /// ``CloudFormationTemplate``'s rules, as the same value.
  /// - Parameters:
  ///   - value: the value, with intrinsics in long form as ``CloudFormationTemplate/root`` holds them.
  ///   - indent: the column of the key (or dash) that owns the value.
  /// - Returns: the text, or `nil` when the value holds no intrinsic (any YAML writer will do then).
  public static func yamlText(for value: Value, indent: Int) -> String? {
    guard containsCall(value) else { return nil }
    let lines = Renderer.valueLines(value, ownerColumn: max(0, indent))
    guard let first = lines.first else { return nil }
    if first.isEmpty { return "\n" + lines.dropFirst().joined(separator: "\n") }
    return ([String(first.dropFirst())] + lines.dropFirst()).joined(separator: "\n")
  }
}

// MARK: - Renderer

/// Block and flow rendering with short forms. Scalars are written by ``YAMLRenderer`` (plain when they read
/// back as the same string, else double-quoted; multi-line strings as literal blocks).
private enum Renderer {
  static let step = 2

  /// How a value is laid out in block context.
  enum Shape {
    /// Written after the colon on the owner's line (a scalar, a short form, a flow collection).
    case inline
    /// A block map: the entries, with a long-form intrinsic as a one-entry map.
    case map([(key: String, value: Value)])
    /// A block list.
    case list([Value])
  }

  static func shape(of value: Value) -> Shape {
    if let call = CloudFormationIntrinsic.call(in: value) {
      return writesLongForm(call) ? .map([(call.key, call.argument)]) : .inline
    }
    switch value.kind {
    case .map(let map) where !map.isEmpty: return .map(map.entries.map { ($0.key, $0.value) })
    case .list(let items) where !items.isEmpty: return .list(items)
    default: return .inline
    }
  }

  /// Whether a call is written in long form: its argument is itself a call (a short form cannot wrap one),
  /// or it is `Fn::GetAtt` with an argument the short form would not read back as (a string).
  static func writesLongForm(_ call: (key: String, argument: Value)) -> Bool {
    if CloudFormationIntrinsic.call(in: call.argument) != nil { return true }
    return call.key == "Fn::GetAtt" && call.argument.string != nil
  }

  /// The lines of a value owned by a key or dash at `ownerColumn`. The first line is what follows the colon:
  /// empty when the value starts on the next line, else a space and the inline text. The other lines carry
  /// their full indentation.
  static func valueLines(_ value: Value, ownerColumn: Int) -> [String] {
    let column = ownerColumn + step
    switch shape(of: value) {
    case .map(let entries):
      return [""] + entries.flatMap { entryLines(key: $0.key, value: $0.value, column: column) }
    case .list(let items):
      return [""] + items.flatMap { itemLines($0, dashColumn: column) }
    case .inline:
      return inlineLines(value, ownerColumn: ownerColumn)
    }
  }

  /// A scalar, a short form or an empty collection after the owner's colon.
  static func inlineLines(_ value: Value, ownerColumn: Int) -> [String] {
    let contentColumn = ownerColumn + step
    guard let call = CloudFormationIntrinsic.call(in: value) else {
      if let text = value.string,
        let block = YAMLRenderer.literalBlock(text, contentColumn: contentColumn, parentIndent: ownerColumn)
      {
        return [" " + block.header] + block.lines
      }
      return [" " + YAMLRenderer.scalar(value, context: .block)]
    }
    let tag = CloudFormationIntrinsic.shortFormTag(forKey: call.key) ?? call.key
    if let text = getAttText(call) { return [" \(tag) " + YAMLRenderer.scalar(.string(text), context: .block)] }
    switch call.argument.kind {
    case .null:
      return [" " + tag]
    case .string(let text):
      if let block = YAMLRenderer.literalBlock(text, contentColumn: contentColumn, parentIndent: ownerColumn) {
        return [" \(tag) " + block.header] + block.lines
      }
      return [" \(tag) " + YAMLRenderer.scalar(call.argument, context: .block)]
    default:
      return [" \(tag) " + flow(call.argument)]
    }
  }

  /// `key: value` with the key at `column`.
  static func entryLines(key: String, value: Value, column: Int) -> [String] {
    let lines = valueLines(value, ownerColumn: column)
    let head = String(repeating: " ", count: column) + YAMLRenderer.key(key, context: .block) + ":"
    return [head + (lines.first ?? "")] + lines.dropFirst()
  }

  /// `- item` with the dash at `dashColumn`; a block map or list item starts on the dash's line.
  static func itemLines(_ item: Value, dashColumn: Int) -> [String] {
    let dash = String(repeating: " ", count: dashColumn) + "-"
    let lines = valueLines(item, ownerColumn: dashColumn)
    guard let first = lines.first else { return [dash] }
    guard first.isEmpty, let nested = lines.dropFirst().first else { return [dash + first] }
    // The first nested line is indented to dashColumn + 2: put the dash in its indentation.
    return [dash + " " + nested.dropFirst(dashColumn + step)] + lines.dropFirst(2)
  }

  /// `a.b` for `Fn::GetAtt: [a, b]` when the short form reads back as the same list.
  static func getAttText(_ call: (key: String, argument: Value)) -> String? {
    guard call.key == "Fn::GetAtt", let items = call.argument.list, items.count == 2,
      let resource = items[0].string, let attribute = items[1].string,
      !resource.isEmpty, !attribute.isEmpty, !resource.contains(".")
    else { return nil }
    return resource + "." + attribute
  }

  // MARK: - Flow

  /// A value on one line in flow style, with short forms inside.
  static func flow(_ value: Value) -> String {
    if let call = CloudFormationIntrinsic.call(in: value) {
      if writesLongForm(call) { return "{" + flowKey(call.key) + ": " + flow(call.argument) + "}" }
      let tag = CloudFormationIntrinsic.shortFormTag(forKey: call.key) ?? call.key
      if let text = getAttText(call) { return "\(tag) " + flowScalar(.string(text)) }
      // A space keeps a following `,` or `]` out of the tag (libyaml reads flow indicators as tag characters).
      if call.argument.isNull { return tag + " " }
      return "\(tag) " + flow(call.argument)
    }
    switch value.kind {
    case .map(let map):
      return "{" + map.entries.map { flowKey($0.key) + ": " + flow($0.value) }.joined(separator: ", ") + "}"
    case .list(let items):
      return "[" + items.map(flow).joined(separator: ", ") + "]"
    default:
      return flowScalar(value)
    }
  }

  /// A key inside `{}`: quoted when it holds a colon (`{"Fn::Base64": …}`), which older YAML readers refuse in
  /// a plain flow key.
  static func flowKey(_ key: String) -> String {
    YAMLRenderer.key(key, context: .flow)
  }

  /// A scalar inside a flow collection. `AWS::NoValue` stays plain: a colon not followed by a space or a
  /// flow indicator does not end a plain scalar.
  static func flowScalar(_ value: Value) -> String {
    if let text = value.string, isFlowPlain(text) { return text }
    return YAMLRenderer.scalar(value, context: .flow)
  }

  static func isFlowPlain(_ text: String) -> Bool {
    guard YAMLRenderer.plain(text, context: .block) != nil else { return false }
    return !text.unicodeScalars.contains { ",[]{}".unicodeScalars.contains($0) }
  }
}
