import DriftbackSyntax

/// Renders ``Value``s as YAML text: whole block-style documents, blocks placed at a given column for
/// insertion into an existing file, and single scalars in a requested style.
///
/// Every rendering reads back as the same value under the Kubernetes schema
/// (``YAMLScalarResolver/Schema/kubernetes``): a string is written plain only when it would resolve as that
/// same string and cannot be mistaken for YAML syntax, otherwise double-quoted with JSON-compatible escapes;
/// multi-line strings become literal block scalars; numbers keep their original spelling.
public enum YAMLRenderer {
  /// Renders a value as a block-style YAML document.
  /// - Parameters:
  ///   - value: the value; maps and lists are written in block style, empty ones as `{}` and `[]`.
  ///   - indent: spaces per nesting level.
  ///   - indentSequences: whether a sequence under a key is indented (`key:\n  - a`) or not (`key:\n- a`).
  /// - Returns: the document text, ending with a line break.
  public static func document(_ value: Value, indent: Int = 2, indentSequences: Bool = true) -> String {
    let unit = max(1, indent)
    let layout = Layout(indent: unit, sequenceIndent: indentSequences ? unit : 0, itemGap: 2)
    switch value.kind {
    case .map(let map) where !map.isEmpty:
      return mapLines(map, column: 0, layout: layout).joined(separator: "\n") + "\n"
    case .list(let items) where !items.isEmpty:
      return listLines(items, dashColumn: 0, layout: layout).joined(separator: "\n") + "\n"
    default:
      if let text = value.string, let block = literalBlock(text, contentColumn: unit, parentIndent: 0) {
        return ([block.header] + block.lines).joined(separator: "\n") + "\n"
      }
      return scalar(value, context: .block) + "\n"
    }
  }

  // MARK: - Layout

  /// How nested blocks are indented.
  struct Layout: Sendable, Hashable {
    /// Spaces from a key to the keys of its nested map.
    var indent: Int
    /// Spaces from a key to the dashes of its sequence (0 for `key:\n- a`).
    var sequenceIndent: Int
    /// Columns from a dash to the item's content (2 for `- name: x`).
    var itemGap: Int
    /// How string values are quoted when plain would do too (the style their siblings use).
    var stringStyle: SyntaxNode.ScalarStyle = .plain
    /// Whether CloudFormation intrinsic calls are written as short forms (`!Ref x`) where one fits on the line.
    var writesIntrinsics = false

    /// Two spaces, indented sequences, `- ` items.
    static let standard = Layout(indent: 2, sequenceIndent: 2, itemGap: 2)
  }

  /// Whether text sits in block context or inside a flow collection, where `,[]{}` are syntax.
  enum Context: Sendable {
    case block, flow
  }

  // MARK: - Blocks

  /// The lines of a map's entries with the keys at `column`; every line carries its full indentation.
  static func mapLines(_ map: ValueMap, column: Int, layout: Layout) -> [String] {
    map.entries.flatMap { entryLines(key: $0.key, value: $0.value, column: column, layout: layout) }
  }

  /// The lines of one `key: value` entry with the key at `column`; `keyStyle` asks for a quoted key.
  static func entryLines(
    key: String, value: Value, column: Int, layout: Layout, keyStyle: SyntaxNode.ScalarStyle = .plain
  ) -> [String] {
    let pad = String(repeating: " ", count: column)
    let head = pad + self.key(key, context: .block, style: keyStyle) + ":"
    if let short = shortForm(value, layout: layout, column: column) { return [head + " " + short] }
    switch value.kind {
    case .map(let map) where !map.isEmpty:
      return [head] + mapLines(map, column: column + layout.indent, layout: layout)
    case .list(let items) where !items.isEmpty:
      return [head] + listLines(items, dashColumn: column + layout.sequenceIndent, layout: layout)
    case .string(let text):
      if let block = literalBlock(text, contentColumn: column + layout.indent, parentIndent: column) {
        return [head + " " + block.header] + block.lines
      }
      return [head + " " + scalar(value, context: .block, stringStyle: layout.stringStyle)]
    default:
      return [head + " " + scalar(value, context: .block)]
    }
  }

  /// The lines of a block sequence with the dashes at `dashColumn`; `gap` overrides the layout's columns
  /// from a dash to its item at this level only.
  static func listLines(_ items: [Value], dashColumn: Int, layout: Layout, gap: Int? = nil) -> [String] {
    items.flatMap { itemLines($0, dashColumn: dashColumn, layout: layout, gap: gap) }
  }

  /// The lines of one `- item` with the dash at `dashColumn`.
  static func itemLines(_ item: Value, dashColumn: Int, layout: Layout, gap: Int? = nil) -> [String] {
    let gap = max(2, gap ?? layout.itemGap)
    let dash = String(repeating: " ", count: dashColumn) + "-" + String(repeating: " ", count: gap - 1)
    let contentColumn = dashColumn + gap
    if let short = shortForm(item, layout: layout, column: contentColumn) { return [dash + short] }
    switch item.kind {
    case .map(let map) where !map.isEmpty:
      return attach(dash, to: mapLines(map, column: contentColumn, layout: layout), column: contentColumn)
    case .list(let items) where !items.isEmpty:
      return attach(dash, to: listLines(items, dashColumn: contentColumn, layout: layout), column: contentColumn)
    case .string(let text):
      if let block = literalBlock(text, contentColumn: contentColumn, parentIndent: dashColumn) {
        return [dash + block.header] + block.lines
      }
      return [dash + scalar(item, context: .block, stringStyle: layout.stringStyle)]
    default:
      return [dash + scalar(item, context: .block)]
    }
  }

  /// The lines of a value whose first line starts at `column` of an existing line (the replacement of a
  /// value in place): the first line carries no indentation, the others are indented to `column` or deeper.
  /// `parentIndent` is the column of the key or dash that owns the value and `blockScalarColumn` the column
  /// of a literal block scalar's content, when the value is a multi-line string.
  static func inPlaceLines(
    _ value: Value, column: Int, parentIndent: Int, blockScalarColumn: Int, layout: Layout, listGap: Int? = nil
  ) -> [String] {
    if let short = shortForm(value, layout: layout, column: column) { return [short] }
    let lines: [String]
    switch value.kind {
    case .map(let map) where !map.isEmpty: lines = mapLines(map, column: column, layout: layout)
    case .list(let items) where !items.isEmpty:
      lines = listLines(items, dashColumn: column, layout: layout, gap: listGap)
    case .string(let text):
      if let block = literalBlock(text, contentColumn: blockScalarColumn, parentIndent: parentIndent) {
        return [block.header] + block.lines
      }
      return [scalar(value, context: .block, stringStyle: layout.stringStyle)]
    default: return [scalar(value, context: .block)]
    }
    guard var first = lines.first else { return [] }
    first.removeFirst(min(column, first.prefix { $0 == " " }.count))
    return [first] + lines.dropFirst()
  }

  /// An intrinsic call as a one-line short form (`!Ref x`, `!GetAtt a.b`), when the layout asks for them and
  /// one fits; otherwise the call is written as the long-form map it is (`Fn::Base64:` over `!Sub`, …).
  static func shortForm(_ value: Value, layout: Layout, column: Int) -> String? {
    guard layout.writesIntrinsics, CloudFormationIntrinsic.call(in: value) != nil,
      let text = CloudFormationIntrinsic.yamlText(for: value, indent: column), !text.contains("\n")
    else { return nil }
    return text
  }

  /// Puts `prefix` (a dash and its gap) in place of the indentation of the first line.
  private static func attach(_ prefix: String, to lines: [String], column: Int) -> [String] {
    guard let first = lines.first else { return [prefix.trimmingTrailingSpaces] }
    return [prefix + first.dropFirst(column)] + lines.dropFirst()
  }

  // MARK: - Literal block scalars

  /// A string as a literal block scalar: the header (`|`, `|-`, `|+`, with an indentation indicator when
  /// the content starts with a space) and the content lines indented to `contentColumn`. `nil` when the
  /// string has no line break, or holds characters a block scalar cannot carry.
  static func literalBlock(_ text: String, contentColumn: Int, parentIndent: Int) -> (header: String, lines: [String])?
  {
    guard text.contains("\n"), let body = literalBody(text) else { return nil }
    var header = "|"
    if body.needsIndicator {
      let indicator = contentColumn - max(0, parentIndent)
      guard (1...9).contains(indicator) else { return nil }
      header += String(indicator)
    }
    header += body.chomping
    let pad = String(repeating: " ", count: contentColumn)
    var lines = body.lines.map { $0.isEmpty ? "" : pad + $0 }
    if body.trailingBreaks > 1 { lines += Array(repeating: "", count: body.trailingBreaks - 1) }
    return (header, lines)
  }

  /// The parts of a string written as block scalar content.
  struct BlockBody {
    /// The content lines, without indentation and without the trailing line breaks.
    var lines: [String]
    /// How many line breaks end the string.
    var trailingBreaks: Int
    /// Whether the first content line starts with white space (an indentation indicator is needed).
    var needsIndicator: Bool

    /// The chomping indicator that reproduces ``trailingBreaks``: `-`, `` (clip) or `+`.
    var chomping: String { trailingBreaks == 0 ? "-" : trailingBreaks == 1 ? "" : "+" }
  }

  /// Splits a string into block scalar content; `nil` when it holds a carriage return, a control
  /// character other than tab, or no visible content at all.
  static func literalBody(_ text: String) -> BlockBody? {
    for scalar in text.unicodeScalars where scalar != "\n" && scalar != "\t" {
      if needsEscape(scalar) { return nil }
    }
    var trailing = 0
    var content = Substring(text)
    while content.hasSuffix("\n") {
      content = content.dropLast()
      trailing += 1
    }
    let lines = content.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let firstVisible = lines.firstIndex(where: { $0.contains { $0 != " " && $0 != "\t" } }) else { return nil }
    let leadingBlankWithSpace = lines[..<firstVisible].contains { !$0.isEmpty }
    let startsWithSpace = lines[firstVisible].first == " " || lines[firstVisible].first == "\t"
    return BlockBody(lines: lines, trailingBreaks: trailing, needsIndicator: leadingBlankWithSpace || startsWithSpace)
  }

  // MARK: - Scalars

  /// A scalar on one line: plain when that reads back as the same value, otherwise double-quoted.
  /// Collections are written in flow style.
  /// `stringStyle` asks for quotes on strings that could be plain (to match their siblings).
  static func scalar(_ value: Value, context: Context, stringStyle: SyntaxNode.ScalarStyle = .plain) -> String {
    switch value.kind {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let number): return numberText(number)
    case .string(let text):
      switch stringStyle {
      case .doubleQuoted: return doubleQuoted(text)
      case .singleQuoted: return singleQuoted(text) ?? doubleQuoted(text)
      default: return plain(text, context: context) ?? doubleQuoted(text)
      }
    case .list, .map: return flow(value, stringStyle: stringStyle)
    }
  }

  /// A scalar written in `style`, or `nil` when the value cannot be written that way (a bool in quotes
  /// would turn into a string; a line break cannot sit in single quotes). Block styles are not handled here.
  static func scalar(_ value: Value, style: SyntaxNode.ScalarStyle, context: Context) -> String? {
    switch (style, value.kind) {
    case (.plain, .string(let text)): return plain(text, context: context)
    case (.plain, .list), (.plain, .map): return nil
    case (.plain, _): return scalar(value, context: context)
    case (.singleQuoted, .string(let text)): return singleQuoted(text)
    case (.singleQuoted, .number(let number)): return singleQuoted(number.text)
    case (.doubleQuoted, .string(let text)): return doubleQuoted(text)
    case (.doubleQuoted, .number(let number)): return doubleQuoted(number.text)
    default: return nil
    }
  }

  /// A number by its original spelling when that spelling reads back as a number, else canonically.
  static func numberText(_ number: Number) -> String {
    switch YAMLScalarResolver.resolvePlain(number.text, schema: .kubernetes) {
    case .integer, .float: return number.text
    default:
      if let integer = number.integer { return String(integer) }
      return number.double.isFinite
        ? String(number.double) : (number.double.isNaN ? ".nan" : number.double < 0 ? "-.inf" : ".inf")
    }
  }

  /// A mapping key: plain when safe (and not the merge key `<<`), otherwise double-quoted; `style` asks
  /// for quotes (to match sibling keys).
  static func key(_ key: String, context: Context, style: SyntaxNode.ScalarStyle = .plain) -> String {
    switch style {
    case .doubleQuoted: return doubleQuoted(key)
    case .singleQuoted: return singleQuoted(key) ?? doubleQuoted(key)
    default:
      if key != "<<", let plain = plain(key, context: context) { return plain }
      return doubleQuoted(key)
    }
  }

  /// `text` as a plain scalar, or `nil` when a plain scalar would not read back as this string.
  static func plain(_ text: String, context: Context) -> String? {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return nil }
    guard case .string = YAMLScalarResolver.resolvePlain(text, schema: .kubernetes) else { return nil }
    if first == " " || last == " " || last == ":" { return nil }
    if "?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return nil }
    if first == "-" {
      // `-x` is a plain scalar; `-` alone or `- x` is a sequence entry.
      let scalars = Array(text.unicodeScalars.prefix(2))
      if scalars.count < 2 || scalars[1] == " " { return nil }
    }
    if text.contains(": ") || text.contains(" #") { return nil }
    // `---` and `...` at the start of a line mark documents.
    if text.hasPrefix("---") || text.hasPrefix("...") { return nil }
    if looksLikeTimestamp(text) { return nil }
    for scalar in text.unicodeScalars {
      if scalar.value < 0x20 || needsEscape(scalar) { return nil }
      if context == .flow, ",[]{}".unicodeScalars.contains(scalar) { return nil }
    }
    if context == .flow, text.contains(":") { return nil }
    return text
  }

  /// `YYYY-M-D...`: go-yaml turns such plain scalars into timestamps, which kubectl re-spells.
  private static func looksLikeTimestamp(_ text: String) -> Bool {
    let bytes = Array(text.utf8.prefix(10))
    func digits(_ range: Range<Int>) -> Bool {
      range.allSatisfy { $0 < bytes.count && bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
    }
    return bytes.count >= 8 && digits(0..<4) && bytes[4] == 0x2D && digits(5..<6)
  }

  /// `text` in single quotes, or `nil` when it holds a line break or a character that needs an escape.
  static func singleQuoted(_ text: String) -> String? {
    for scalar in text.unicodeScalars where scalar.value < 0x20 || needsEscape(scalar) { return nil }
    return "'" + text.replacingAll("'", with: "''") + "'"
  }

  /// `text` in double quotes with JSON-compatible escapes; characters YAML does not allow raw
  /// (C0 and C1 controls, DEL, BOM, line and paragraph separators) are written as `\uXXXX`.
  static func doubleQuoted(_ text: String) -> String {
    JSONText.quoted(text, alsoEscape: needsEscape)
  }

  /// Characters outside YAML's printable set, or that a YAML reader treats as line breaks or a BOM.
  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A: return false
    case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: return true
    default: return false
    }
  }

  // MARK: - Flow

  /// A value in flow style on one line: `{a: 1, b: [x, y]}`.
  static func flow(_ value: Value, stringStyle: SyntaxNode.ScalarStyle = .plain) -> String {
    switch value.kind {
    case .map(let map):
      return "{"
        + map.entries.map { key($0.key, context: .flow) + ": " + flow($0.value, stringStyle: stringStyle) }
        .joined(separator: ", ") + "}"
    case .list(let items):
      return "[" + items.map { flow($0, stringStyle: stringStyle) }.joined(separator: ", ") + "]"
    default:
      return scalar(value, context: .flow, stringStyle: stringStyle)
    }
  }
}

// MARK: - Helpers

extension String {
  /// The string with every occurrence of `target` replaced (no Foundation needed).
  fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
    var out = ""
    out.reserveCapacity(utf8.count)
    for character in self {
      if character == target { out += replacement } else { out.append(character) }
    }
    return out
  }

  /// The string without trailing spaces.
  fileprivate var trimmingTrailingSpaces: String {
    var copy = self
    while copy.last == " " { copy.removeLast() }
    return copy
  }
}
