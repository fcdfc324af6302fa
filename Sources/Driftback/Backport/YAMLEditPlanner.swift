public import DriftbackSyntax

/// Plans the minimal, format-preserving edits that make an IaC file say what the live object says for one
/// ``Change``.
///
/// The rules, in the words of the design: a changed scalar keeps its quoting style; an added key or subtree
/// goes after its last sibling with the siblings' indentation, in block style; a removed key takes its whole
/// lines with it; comments and every other byte stay as they were. JSON files (`.json`) get the same
/// operations with JSON syntax. Anything that cannot be done safely — a value shared through a YAML alias or
/// merge key, a parent the file does not have — is refused with a reason a person can act on.
///
/// The planner only plans: it does not apply or verify the edits.
public struct YAMLEditPlanner: Sendable {
  /// Whether one-key maps `{"Ref": x}` / `{"Fn::Name": arg}` in new values are written as CloudFormation
  /// short forms (`!Ref x`) rather than as the equivalent long-form maps.
  public var writesIntrinsics: Bool

  /// Creates a planner.
  public init(writesIntrinsics: Bool = false) {
    self.writesIntrinsics = writesIntrinsics
  }

  /// The edits that carry one change into a file.
  /// - Parameters:
  ///   - change: the difference, with its path from the object root; back-porting makes the IaC equal to
  ///     `change.live` at `change.path` (or removes the value for a `removed` change).
  ///   - root: the object as read from `file`, with the byte spans of its values (absolute offsets in the
  ///     file, also for multi-document and `kind: List` files).
  ///   - file: the file the object was read from.
  /// - Returns: the edits (none when the file already says what live says), or why the change cannot be
  ///   written automatically. The edits never overlap.
  public func edits(for change: Change, in root: Value, file: SourceFile) -> Result<[SourceEdit], BackportRefusal> {
    var plan = EditPlan(file: file, root: root)
    plan.writesIntrinsics = writesIntrinsics
    do {
      return .success(try plan.edits(for: change))
    } catch {
      return .failure(error)
    }
  }
}

// MARK: - Plan

/// The state of planning one change in one file.
private struct EditPlan {
  /// One resolved step of the path: the value reached and where it sits in its parent.
  struct Step {
    var value: Value
    /// The position in the parent's entries or items.
    var position: Int
    /// The key's bytes, when the parent is a map.
    var keySpan: ByteSpan?
  }

  let file: SourceFile
  let bytes: [UInt8]
  let root: Value
  let isJSON: Bool
  let newline: String
  var steps: [Step] = []
  var writesIntrinsics = false

  init(file: SourceFile, root: Value) {
    self.file = file
    self.bytes = file.bytes
    self.root = root
    self.isJSON = file.path.lowercased().hasSuffix(".json")
    let firstBreak = file.lineStarts.count > 1 ? file.lineStarts[1] - 1 : 0
    self.newline = firstBreak > 0 && file.bytes[firstBreak - 1] == 0x0D ? "\r\n" : "\n"
  }

  mutating func edits(for change: Change) throws(BackportRefusal) -> [SourceEdit] {
    let segments = change.path.segments
    guard !segments.isEmpty else {
      throw refusal("a change of the whole object cannot be written as an edit; update the manifest by hand")
    }
    guard root.span != nil else { throw refusal("the object has no position in \(file.path) to edit") }
    steps = resolve(segments)
    let found = steps.count == segments.count + 1
    var edits: [SourceEdit]
    switch change.kind {
    case .removed:
      guard found else { return [] }
      try checkWritable(change.path)
      edits = try remove()
    case .changed, .added:
      guard let live = change.live else {
        throw refusal("the change of \(change.path) has no live value to write")
      }
      if found {
        let current = steps[steps.count - 1].value
        if current.semanticallyEquals(live) || (current.isEmpty && live.isEmpty) { return [] }
        try checkWritable(change.path)
        edits = try replace(with: live)
      } else {
        guard steps.count == segments.count else {
          let missing = ValuePath(Array(segments.prefix(steps.count)))
          throw refusal(
            "\(file.path) has no \(missing) to hold \(change.path); add \(missing) by hand (or re-export the manifest)")
        }
        try checkWritable(change.path)
        edits = try add(live, at: segments[segments.count - 1], path: change.path)
      }
    }
    if let live = change.live, bytes.last != 0x0A, Self.endsWithBlockLineBreak(live) {
      // A block scalar that ends with a line break needs one after it, also at the end of the file.
      for index in edits.indices where edits[index].span.end == bytes.count && !edits[index].replacement.isEmpty {
        if !edits[index].replacement.hasSuffix("\n") { edits[index].replacement += newline }
      }
    }
    try checkEdits(edits)
    return edits.sorted { $0.span < $1.span }
  }

  /// Whether the last scalar of a value is a multi-line string ending with a line break (rendered as a
  /// clipped or kept block scalar).
  static func endsWithBlockLineBreak(_ value: Value) -> Bool {
    switch value.kind {
    case .map(let map): return map.entries.last.map { endsWithBlockLineBreak($0.value) } ?? false
    case .list(let items): return items.last.map(endsWithBlockLineBreak) ?? false
    case .string(let text): return text.hasSuffix("\n") && YAMLRenderer.literalBody(text) != nil
    default: return false
    }
  }

  // MARK: - Path

  func resolve(_ segments: [ValuePath.Segment]) -> [Step] {
    var result = [Step(value: root, position: 0, keySpan: nil)]
    for segment in segments {
      let current = result[result.count - 1].value
      switch (segment, current.kind) {
      case (.key(let key), .map(let map)):
        guard let index = map.index(of: key) else { return result }
        result.append(Step(value: map.entries[index].value, position: index, keySpan: map.entries[index].keySpan))
      case (.index(let index), .list(let items)):
        guard items.indices.contains(index) else { return result }
        result.append(Step(value: items[index], position: index, keySpan: nil))
      case (.item(let fields), .list(let items)):
        guard let index = items.firstIndex(where: { item in fields.allSatisfy { item.keyFieldMatches($0) } }) else {
          return result
        }
        result.append(Step(value: items[index], position: index, keySpan: nil))
      default:
        return result
      }
    }
    return result
  }

  /// Refuses values without a position (alias copies, merged keys) and values under an anchor that an
  /// alias reuses: an edit there would change every user of the anchor.
  func checkWritable(_ path: ValuePath) throws(BackportRefusal) {
    for (index, step) in steps.enumerated() {
      guard let span = step.value.span else {
        let here = ValuePath(Array(path.segments.prefix(index)))
        if index > 0, steps[index - 1].value.map != nil, step.keySpan == nil {
          throw refusal("\(here) comes from a YAML merge key (<<) in \(file.path); edit the merged mapping by hand")
        }
        throw refusal("\(here) comes from a YAML alias in \(file.path); edit the anchor by hand")
      }
      if let anchor = properties(span).anchor, isAliased(anchor) {
        throw refusal(
          "\(path) sits under the YAML anchor &\(anchor), which aliases (*\(anchor)) reuse; an edit would change "
            + "them too: edit \(file.path) by hand")
      }
    }
  }

  /// Refuses edits that would delete an anchor other parts of the file still use, or that overlap.
  func checkEdits(_ edits: [SourceEdit]) throws(BackportRefusal) {
    for edit in edits where edit.span.count > 0 {
      if let anchor = anchorsDefined(in: edit.span).first(where: isAliased) {
        throw refusal(
          "the edit would remove the YAML anchor &\(anchor) that aliases still use; edit \(file.path) by hand")
      }
    }
    let sorted = edits.sorted { $0.span < $1.span }
    for (previous, next) in zip(sorted, sorted.dropFirst())
    where previous.span.end > next.span.start || previous.span == next.span {
      throw refusal("the planned edits overlap; edit \(file.path) by hand")
    }
  }

  // MARK: - Removed

  func remove() throws(BackportRefusal) -> [SourceEdit] {
    let target = steps[steps.count - 1]
    let container = steps[steps.count - 2].value
    let containerIsFlow = isJSON || isFlow(container)
    switch container.kind {
    case .map(let map):
      let spanned = map.entries.enumerated().filter { $0.element.keySpan != nil && $0.element.value.span != nil }
      guard let keySpan = target.keySpan, let index = spanned.firstIndex(where: { $0.offset == target.position }) else {
        throw refusal("the key has no position in \(file.path)")
      }
      let elements = spanned.map { entry in
        ByteSpan(start: entry.element.keySpan?.start ?? 0, end: valueEnd(entry.element.value))
      }
      if hasMergeKey(container), containerIsFlow || map.count == 1 {
        throw refusal("the mapping also holds a YAML merge key (<<); remove the key from \(file.path) by hand")
      }
      if containerIsFlow { return try removeFlowElement(elements, at: index, in: container) }
      return try removeBlockElement(
        start: keySpan.start, end: valueEnd(target.value), next: elements.dropFirst(index + 1).first?.start,
        isOnly: map.count == 1, marker: "{}")
    case .list(let items):
      let elements = items.compactMap { item in item.span.map { ByteSpan(start: $0.start, end: valueEnd(item)) } }
      guard elements.count == items.count else { throw refusal("the list has items without a position") }
      if containerIsFlow { return try removeFlowElement(elements, at: target.position, in: container) }
      let dash = try dashOffset(item: target.position, in: container)
      let next = target.position + 1 < items.count ? try dashOffset(item: target.position + 1, in: container) : nil
      return try removeBlockElement(
        start: dash, end: valueEnd(target.value), next: next, isOnly: items.count == 1, marker: "[]")
    default:
      throw refusal("the parent is not a map or list")
    }
  }

  /// Removes an entry or item of a block collection: its whole lines, or — when it shares its line with a
  /// dash — up to the next sibling. A collection left empty says so with `{}`/`[]`.
  func removeBlockElement(
    start: Int, end: Int, next: Int?, isOnly: Bool, marker: String
  ) throws(BackportRefusal) -> [SourceEdit] {
    let startsLine = onlyIndentation(before: start)
    if isOnly {
      guard steps.count >= 3 else { throw refusal("removing the last key would leave the object empty") }
      guard startsLine else { return [SourceEdit(span: ByteSpan(start: start, end: end), replacement: marker)] }
      let at = try markerOffset(forCollectionAt: steps.count - 2)
      return [SourceEdit.insert(" " + marker, at: at), deleteLines(from: lineStart(start), through: end)]
    }
    if startsLine { return [deleteLines(from: lineStart(start), through: end)] }
    guard let next else { throw refusal("cannot find where the next entry starts in \(file.path)") }
    return [SourceEdit(span: ByteSpan(start: start, end: next), replacement: "")]
  }

  /// Removes an entry of a flow collection (or JSON) with one adjacent comma.
  func removeFlowElement(_ elements: [ByteSpan], at index: Int, in container: Value) throws(BackportRefusal)
    -> [SourceEdit]
  {
    let (open, close) = try brackets(of: container)
    if elements.count == 1 { return [SourceEdit(span: ByteSpan(start: open + 1, end: close), replacement: "")] }
    if index > 0 {
      return [SourceEdit(span: ByteSpan(start: elements[index - 1].end, end: elements[index].end), replacement: "")]
    }
    return [SourceEdit(span: ByteSpan(start: elements[0].start, end: elements[1].start), replacement: "")]
  }

  /// Where ` {}` goes when a block collection becomes empty: after its anchor or tag, after the colon of
  /// its key, or after its dash.
  func markerOffset(forCollectionAt index: Int) throws(BackportRefusal) -> Int {
    let step = steps[index]
    guard let span = step.value.span else { throw refusal("the collection has no position") }
    let props = properties(span)
    if props.end > span.start { return props.end }
    let owner = steps[index - 1].value
    if let keySpan = step.keySpan, owner.map != nil { return try colonEnd(after: keySpan) }
    if owner.list != nil { return try dashOffset(item: step.position, in: owner) + 1 }
    throw refusal("cannot find the owner of the emptied collection")
  }

  // MARK: - Added

  func add(_ live: Value, at segment: ValuePath.Segment, path: ValuePath) throws(BackportRefusal)
    -> [SourceEdit]
  {
    let parent = steps[steps.count - 1].value
    switch (segment, parent.kind) {
    case (.key(let key), .map(let map)) where !map.isEmpty:
      return try addEntry(key: key, value: live, to: map, container: parent)
    case (.key(let key), _) where parent.isEmpty:
      return try replace(with: Value(.map(ValueMap([ValueMap.Entry(key: key, value: live)]))))
    case (.item, .list(let items)) where !items.isEmpty:
      return try addItem(live, to: items, container: parent)
    case (.index(let index), .list(let items)) where !items.isEmpty:
      guard index == items.count else {
        throw refusal("\(path) is beyond the end of the list in \(file.path) (\(items.count) items); edit by hand")
      }
      return try addItem(live, to: items, container: parent)
    case (.item, _) where parent.isEmpty, (.index(0), _) where parent.isEmpty:
      return try replace(with: Value(.list([live])))
    case (.index, _) where parent.isEmpty:
      throw refusal("\(path) is beyond the end of the empty list in \(file.path); edit by hand")
    default:
      let parentPath = path.parent ?? .root
      throw refusal("\(parentPath) in \(file.path) is not a \(segment.isKey ? "map" : "list"); edit by hand")
    }
  }

  func addEntry(key: String, value: Value, to map: ValueMap, container: Value) throws(BackportRefusal)
    -> [SourceEdit]
  {
    let spanned = map.entries.filter { $0.keySpan != nil && $0.value.span != nil }
    guard let last = spanned.max(by: { ($0.keySpan?.start ?? 0) < ($1.keySpan?.start ?? 0) }),
      let keySpan = last.keySpan
    else {
      throw refusal("every key of the mapping comes from a YAML merge key; add the key by hand")
    }
    let keyStyle = self.keyStyle(of: spanned)
    if isJSON || isFlow(container) {
      let layout = self.layout(near: container)
      let isJSON = self.isJSON
      let flowText: (Int?) -> String = { column in
        isJSON
          ? JSONText.quoted(key) + ": "
            + JSONRendering.text(value, column: column, unit: layout.indent, newline: newline)
          : YAMLRenderer.key(key, context: .flow, style: keyStyle) + ": "
            + YAMLRenderer.flow(value, stringStyle: layout.stringStyle)
      }
      return [
        try appendFlowElement(
          after: ByteSpan(start: keySpan.start, end: valueEnd(last.value)),
          in: container, render: flowText)
      ]
    }
    let lines = YAMLRenderer.entryLines(
      key: key, value: value, column: column(keySpan.start), layout: layout(near: container), keyStyle: keyStyle)
    return insertLines(lines, after: last.value)
  }

  func addItem(_ item: Value, to items: [Value], container: Value) throws(BackportRefusal) -> [SourceEdit] {
    guard let last = items.last, let lastSpan = last.span else {
      throw refusal("the list has items without a position")
    }
    if isJSON || isFlow(container) {
      let layout = self.layout(near: container)
      let isJSON = self.isJSON
      let flowText: (Int?) -> String = { column in
        isJSON
          ? JSONRendering.text(item, column: column, unit: layout.indent, newline: newline)
          : YAMLRenderer.flow(item, stringStyle: layout.stringStyle)
      }
      return [
        try appendFlowElement(
          after: ByteSpan(start: lastSpan.start, end: valueEnd(last)), in: container,
          render: flowText)
      ]
    }
    let dash = try dashOffset(item: items.count - 1, in: container)
    let lines = YAMLRenderer.itemLines(
      item, dashColumn: column(dash), layout: layout(near: container), gap: try itemGap(of: container))
    return insertLines(lines, after: last)
  }

  /// `, element` after the last element of a flow collection, or `,` and a new line with the last element's
  /// indentation when the elements sit on lines of their own.
  func appendFlowElement(after last: ByteSpan, in container: Value, render: (Int?) -> String) throws(BackportRefusal)
    -> SourceEdit
  {
    let (open, _) = try brackets(of: container)
    if file.lineIndex(of: last.start) != file.lineIndex(of: open) {
      let column = column(last.start)
      return .insert("," + newline + String(repeating: " ", count: column) + render(column), at: last.end)
    }
    return .insert(", " + render(nil), at: last.end)
  }

  /// Inserts block lines on new lines after the last line of `value`.
  func insertLines(_ lines: [String], after value: Value) -> [SourceEdit] {
    let text = lines.joined(separator: newline)
    let header = lastBlockScalarHeader(value)
    if let header, header.chomping == UInt8(ascii: "+"), header.span.end > 0, bytes[header.span.end - 1] == 0x0A {
      // The trailing line breaks belong to a `|+` scalar: go after them.
      return [.insert(text + newline, at: header.span.end)]
    }
    let end = valueEnd(value)
    let line = file.lineIndex(of: max(0, end - 1))
    let offset = file.lineSpan(line).end
    var edits: [SourceEdit] = [.insert(newline + text, at: offset)]
    if let header, offset == bytes.count, header.chomping != UInt8(ascii: "-") {
      // A block scalar at the end of a file without a final line break has none; the inserted line break
      // would become its content unless it is stripped.
      if let at = header.chompingOffset {
        edits.append(SourceEdit(span: ByteSpan(start: at, end: at + 1), replacement: "-"))
      } else {
        edits.append(.insert("-", at: header.tokenEnd))
      }
    }
    return edits
  }

  /// The quoting every key of a mapping shares, when it is quotes; otherwise plain.
  func keyStyle(of entries: [ValueMap.Entry]) -> SyntaxNode.ScalarStyle {
    let styles = Set(
      entries.compactMap { entry -> SyntaxNode.ScalarStyle? in
        guard let span = entry.keySpan, span.start < bytes.count else { return nil }
        switch bytes[span.start] {
        case UInt8(ascii: "\""): return .doubleQuoted
        case UInt8(ascii: "'"): return .singleQuoted
        default: return .plain
        }
      })
    return styles.count == 1 ? styles.first ?? .plain : .plain
  }

  /// The columns from a dash to its item's content in a block sequence, when its first item shows it.
  func itemGap(of list: Value) throws(BackportRefusal) -> Int? {
    guard let first = list.list?.first?.span else { return nil }
    let dash = try dashOffset(item: 0, in: list)
    let content = contentStart(first)
    guard file.lineIndex(of: content) == file.lineIndex(of: dash), content > dash + 1 else { return nil }
    return content - dash
  }

  // MARK: - Changed

  /// Replaces the value at the end of ``steps`` (which exists) with `new`.
  func replace(with new: Value) throws(BackportRefusal) -> [SourceEdit] {
    let index = steps.count - 1
    let target = steps[index]
    guard index >= 1, let span = target.value.span else { throw refusal("the value has no position") }
    let owner = steps[index - 1].value
    let props = properties(span)
    let start = contentStart(span)
    if props.tag != nil,
      target.value.isScalar != new.isScalar || (new.isScalar && new.kind.category != target.value.kind.category)
    {
      throw refusal("the value has an explicit YAML tag and its type changes; edit \(file.path) by hand")
    }
    if isJSON { return [replaceJSON(span: span, owner: owner, with: new)] }

    let inFlow = steps[..<index].contains { isFlow($0.value) }
    let style = scalarStyle(at: start, of: target.value)
    if inFlow {
      let text: String
      if let style, new.isScalar {
        text = styledScalar(new, style: style, original: span, context: .flow)
      } else {
        text = YAMLRenderer.flow(new, stringStyle: stringStyle(ofChildrenOf: target.value))
      }
      return [SourceEdit(span: ByteSpan(start: start, end: span.end), replacement: text)]
    }

    // Block context.
    let end = valueEnd(target.value)
    let isBlockCollection = !target.value.isScalar && !isFlow(target.value) && !target.value.isEmpty
    let newIsBlock =
      (!new.isScalar && !new.isEmpty)
      || (new.string.map { YAMLRenderer.literalBody($0) != nil && $0.contains("\n") } ?? false)

    switch style {
    case .literal?, .folded?:
      if let text = new.string {
        return try rewriteBlockScalar(target.value, header: start, with: text)
      }
    case .plain?, .singleQuoted?, .doubleQuoted?:
      if new.isScalar {
        var text = styledScalar(new, style: style!, original: span, context: .block)
        if start == span.end, start > 0, bytes[start - 1] == UInt8(ascii: ":") { text = " " + text }
        return [SourceEdit(span: ByteSpan(start: start, end: span.end), replacement: text)]
      }
    case nil:
      if !target.value.isEmpty, isFlow(target.value), !new.isScalar, !new.isEmpty {
        // A flow collection stays a flow collection.
        let text = YAMLRenderer.flow(new, stringStyle: stringStyle(ofChildrenOf: target.value))
        return [SourceEdit(span: ByteSpan(start: start, end: span.end), replacement: text)]
      }
    }

    let layout = self.layout(near: target.value)
    let keyOwned = owner.map != nil
    let ownerColumn: Int
    if keyOwned {
      guard let keySpan = target.keySpan else { throw refusal("the key has no position") }
      ownerColumn = column(keySpan.start)
    } else {
      ownerColumn = column(try dashOffset(item: target.position, in: owner))
    }

    if !newIsBlock {
      let text = YAMLRenderer.scalar(new, context: .block)
      if keyOwned, isBlockCollection, let keySpan = target.keySpan, props.end == span.start {
        let colon = try colonEnd(after: keySpan)
        if onlyWhitespace(colon..<start) {
          return [SourceEdit(span: ByteSpan(start: colon, end: end), replacement: " " + text)]
        }
      }
      let from = max(start, props.end)
      let spaced = from > 0 && bytes[from - 1] == UInt8(ascii: ":") ? " " + text : text
      return [SourceEdit(span: ByteSpan(start: from, end: max(end, from)), replacement: spaced)]
    }

    // The new value is a block: a non-empty collection or a multi-line string.
    let startColumn = column(start)
    let sameLineAsOwner =
      keyOwned
      ? target.keySpan.map { file.lineIndex(of: $0.start) == file.lineIndex(of: start) } ?? true
      : file.lineIndex(of: try dashOffset(item: target.position, in: owner)) == file.lineIndex(of: start)
    let fitsInPlace =
      isBlockCollection && !sameLineAsOwner
      && (new.map != nil ? startColumn > ownerColumn : new.list != nil && startColumn >= ownerColumn)
    if !keyOwned || fitsInPlace {
      // In place at the value's own column.
      let lines = YAMLRenderer.inPlaceLines(
        new, column: startColumn, parentIndent: ownerColumn,
        blockScalarColumn: keyOwned ? ownerColumn + layout.indent : startColumn, layout: layout,
        listGap: target.value.list != nil && isBlockCollection ? try itemGap(of: target.value) : nil)
      return [
        SourceEdit(span: ByteSpan(start: start, end: max(end, start)), replacement: lines.joined(separator: newline))
      ]
    }

    // After the key's colon, on new lines nested under the key.
    let lines: [String]
    switch new.kind {
    case .map(let map): lines = YAMLRenderer.mapLines(map, column: ownerColumn + layout.indent, layout: layout)
    case .list(let items):
      lines = YAMLRenderer.listLines(items, dashColumn: ownerColumn + layout.sequenceIndent, layout: layout)
    default:
      guard let text = new.string,
        let block = YAMLRenderer.literalBlock(
          text, contentColumn: ownerColumn + layout.indent, parentIndent: ownerColumn)
      else { throw refusal("cannot render the new value") }
      lines = [block.header] + block.lines
    }
    let isScalarHeader = new.isScalar
    let body =
      isScalarHeader
      ? " " + lines[0] + newline + lines.dropFirst().joined(separator: newline)
      : newline + lines.joined(separator: newline)
    if props.end > span.start {
      return [SourceEdit(span: ByteSpan(start: props.end, end: max(end, props.end)), replacement: body)]
    }
    guard let keySpan = target.keySpan else { throw refusal("the key has no position") }
    let colon = try colonEnd(after: keySpan)
    if onlyWhitespace(colon..<start) {
      return [SourceEdit(span: ByteSpan(start: colon, end: max(end, colon)), replacement: body)]
    }
    // A comment sits between the key and its value: keep it and put the value on the following lines.
    guard !isScalarHeader, onlyIndentation(before: start) else {
      throw refusal("a comment sits between the key and its value; edit \(file.path) by hand")
    }
    return [
      SourceEdit(
        span: ByteSpan(start: lineStart(start), end: max(end, start)), replacement: lines.joined(separator: newline))
    ]
  }

  /// A JSON value replaced in place: compact when it was on one line, else pretty-printed like its owner.
  func replaceJSON(span: ByteSpan, owner: Value, with new: Value) -> SourceEdit {
    let multiline =
      contains(newlineIn: span)
      || (!new.isScalar && (owner.span.map(contains(newlineIn:)) ?? false)
        && (steps[steps.count - 1].value.isEmpty || steps[steps.count - 1].value.isScalar))
    let indent = multiline ? indentationWidth(ofLineAt: span.start) : nil
    return SourceEdit(
      span: span, replacement: JSONRendering.text(new, column: indent, unit: layout().indent, newline: newline))
  }

  /// The text of a scalar in the style of the scalar it replaces.
  func styledScalar(_ value: Value, style: SyntaxNode.ScalarStyle, original: ByteSpan, context: YAMLRenderer.Context)
    -> String
  {
    switch value.kind {
    case .bool(let flag):
      let old = file.text(ByteSpan(start: contentStart(original), end: original.end))
      return style == .plain ? Self.boolSpelling(flag, like: old) : (flag ? "true" : "false")
    case .null:
      return style == .plain && file.text(original) == "~" ? "~" : "null"
    default:
      return YAMLRenderer.scalar(value, style: style, context: context)
        ?? YAMLRenderer.scalar(value, context: context)
    }
  }

  /// `yes`/`no`, `on`/`off`, `True`/`False`... as the file spelled booleans.
  static func boolSpelling(_ flag: Bool, like old: String) -> String {
    let pairs: [(String, String)] = [
      ("true", "false"), ("True", "False"), ("TRUE", "FALSE"), ("yes", "no"), ("Yes", "No"), ("YES", "NO"),
      ("on", "off"), ("On", "Off"), ("ON", "OFF"), ("y", "n"), ("Y", "N"),
    ]
    for pair in pairs where pair.0 == old || pair.1 == old { return flag ? pair.0 : pair.1 }
    return flag ? "true" : "false"
  }

  // MARK: - Block scalars

  /// Rewrites the content of a literal or folded block scalar, keeping its header (and its indentation
  /// indicator and comment), adjusting the chomping indicator when the new text ends differently.
  func rewriteBlockScalar(_ value: Value, header: Int, with text: String) throws(BackportRefusal) -> [SourceEdit] {
    guard let span = value.span else { throw refusal("the value has no position") }
    var cursor = header + 1
    var explicitIndent: Int?
    var chomping: UInt8?
    while cursor < span.end, cursor < header + 3 {
      let byte = bytes[cursor]
      if byte >= 0x31, byte <= 0x39, explicitIndent == nil {
        explicitIndent = Int(byte - 0x30)
      } else if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-"), chomping == nil {
        chomping = byte
      } else {
        break
      }
      cursor += 1
    }
    let headerEnd = cursor
    let headerLine = file.lineIndex(of: header)
    let contentBegin = headerLine + 1 < file.lineStarts.count ? file.lineStarts[headerLine + 1] : bytes.count
    let ownerIndent = try ownerColumn(ofLast: steps.count - 1)

    // The existing content: its indentation and the end of its last non-blank line.
    var detectedIndent: Int?
    var lastContentEnd = contentBegin
    var line = headerLine + 1
    while line < file.lineStarts.count, file.lineStarts[line] < span.end {
      let lineSpan = file.lineSpan(line)
      let text = bytes[lineSpan.start..<min(lineSpan.end, max(lineSpan.start, span.end))]
      if let visible = text.firstIndex(where: { $0 != 0x20 }) {
        if detectedIndent == nil { detectedIndent = visible - lineSpan.start }
        lastContentEnd = lineSpan.end
      }
      line += 1
    }
    let layout = self.layout()
    let contentIndent = explicitIndent.map { ownerIndent + $0 } ?? detectedIndent ?? (ownerIndent + layout.indent)

    guard var body = YAMLRenderer.literalBody(text) else {
      return [
        SourceEdit(
          span: ByteSpan(start: header, end: max(header, valueEnd(value))),
          replacement: YAMLRenderer.doubleQuoted(text))
      ]
    }
    var indicator = bytes[header]
    if indicator == UInt8(ascii: ">") {
      if let folded = Self.foldedLines(body) { body.lines = folded } else { indicator = UInt8(ascii: "|") }
    }
    var digit = explicitIndent
    if body.needsIndicator, digit == nil {
      let wanted = contentIndent - ownerIndent
      guard (1...9).contains(wanted) else {
        return [
          SourceEdit(
            span: ByteSpan(start: header, end: max(header, valueEnd(value))),
            replacement: YAMLRenderer.doubleQuoted(text))
        ]
      }
      digit = wanted
    }
    let newChomping: UInt8? =
      body.trailingBreaks == 0 ? UInt8(ascii: "-") : body.trailingBreaks == 1 ? nil : UInt8(ascii: "+")
    var edits: [SourceEdit] = []
    if indicator != bytes[header] || digit != explicitIndent || newChomping != chomping {
      var token = String(UnicodeScalar(indicator))
      if let digit { token += String(digit) }
      if let newChomping { token += String(UnicodeScalar(newChomping)) }
      edits.append(SourceEdit(span: ByteSpan(start: header, end: headerEnd), replacement: token))
    }

    let pad = String(repeating: " ", count: contentIndent)
    var content = body.lines.map { $0.isEmpty ? "" : pad + $0 }.joined(separator: newline)
    let keeps = chomping == UInt8(ascii: "+") || newChomping == UInt8(ascii: "+")
    let region: ByteSpan
    if contentBegin >= bytes.count, bytes.last != 0x0A {
      // The header is the last line of the file and has no line break.
      region = ByteSpan(start: bytes.count, end: bytes.count)
      content = newline + content + (keeps ? String(repeating: newline, count: max(0, body.trailingBreaks - 1)) : "")
    } else if keeps {
      region = ByteSpan(start: contentBegin, end: max(contentBegin, span.end))
      content += String(repeating: newline, count: max(1, body.trailingBreaks))
    } else if lastContentEnd == contentBegin {
      region = ByteSpan(start: contentBegin, end: contentBegin)
      content += newline
    } else {
      region = ByteSpan(start: contentBegin, end: lastContentEnd)
    }
    edits.append(SourceEdit(span: region, replacement: content))
    return edits
  }

  /// The content lines of a folded scalar that reads back as `body`, or `nil` when a line starts with
  /// white space (folding would then keep line breaks a literal scalar shows plainly).
  static func foldedLines(_ body: YAMLRenderer.BlockBody) -> [String]? {
    if body.lines.contains(where: { $0.first == " " || $0.first == "\t" }) { return nil }
    var out: [String] = []
    var seenText = false
    var pendingEmpty = 0
    for line in body.lines {
      if line.isEmpty {
        pendingEmpty += 1
        continue
      }
      if seenText {
        // A single break between two lines folds into a space: one empty line more keeps it a break.
        out += Array(repeating: "", count: pendingEmpty + 1)
      } else {
        out += Array(repeating: "", count: pendingEmpty)
      }
      pendingEmpty = 0
      out.append(line)
      seenText = true
    }
    return out
  }

  // MARK: - Layout

  /// The indentation the document uses: the step from a key to its nested keys, from a key to the dashes
  /// of its sequence, and from a dash to the item's content; found nearest to the edit first.
  func layout(near container: Value) -> YAMLRenderer.Layout {
    var layout = self.layout()
    layout.stringStyle = stringStyle(ofChildrenOf: container)
    return layout
  }

  /// The quoting that every string child of a collection shares, when it is quotes: new strings among
  /// them follow it; otherwise plain.
  func stringStyle(ofChildrenOf container: Value) -> SyntaxNode.ScalarStyle {
    guard !isJSON else { return .doubleQuoted }
    let children: [Value]
    switch container.kind {
    case .map(let map): children = map.entries.map(\.value)
    case .list(let items): children = items
    default: return .plain
    }
    var styles = Set<SyntaxNode.ScalarStyle>()
    for child in children where child.string != nil {
      guard let span = child.span else { continue }
      styles.insert(scalarStyle(at: contentStart(span), of: child) ?? .plain)
    }
    if styles.count == 1, let style = styles.first, style == .doubleQuoted || style == .singleQuoted { return style }
    return .plain
  }

  func layout() -> YAMLRenderer.Layout {
    var indent: Int?
    var sequenceIndent: Int?
    var itemGap: Int?
    for step in steps.reversed() {
      scanLayout(step.value, indent: &indent, sequenceIndent: &sequenceIndent, itemGap: &itemGap, budget: 2000)
      if indent != nil, sequenceIndent != nil, itemGap != nil { break }
    }
    let unit = indent ?? 2
    var layout = YAMLRenderer.Layout(indent: unit, sequenceIndent: sequenceIndent ?? unit, itemGap: itemGap ?? 2)
    layout.writesIntrinsics = writesIntrinsics && !isJSON
    return layout
  }

  func scanLayout(_ value: Value, indent: inout Int?, sequenceIndent: inout Int?, itemGap: inout Int?, budget: Int) {
    var stack = [value]
    var remaining = budget
    while let current = stack.popLast(), remaining > 0 {
      remaining -= 1
      switch current.kind {
      case .map(let map):
        for entry in map.entries {
          guard let keySpan = entry.keySpan, let span = entry.value.span else { continue }
          let keyColumn = column(keySpan.start)
          let valueStart = contentStart(span)
          let onLaterLine = file.lineIndex(of: valueStart) > file.lineIndex(of: keySpan.start)
          switch entry.value.kind {
          case .map(let child) where indent == nil:
            let childKey = child.entries.first?.keySpan
            if let childKey, file.lineIndex(of: childKey.start) > file.lineIndex(of: keySpan.start),
              column(childKey.start) > keyColumn
            {
              indent = column(childKey.start) - keyColumn
            }
          case .list(let items) where !items.isEmpty && !isJSON:
            if sequenceIndent == nil, onLaterLine, !isFlow(entry.value), column(valueStart) >= keyColumn {
              sequenceIndent = column(valueStart) - keyColumn
            }
            if itemGap == nil, !isFlow(entry.value), let first = items.first?.span, first.start > valueStart,
              file.lineIndex(of: first.start) == file.lineIndex(of: valueStart), items[0].map != nil
            {
              itemGap = contentStart(first) - valueStart
            }
          default: break
          }
          stack.append(entry.value)
        }
      case .list(let items):
        stack.append(contentsOf: items)
      default: break
      }
    }
  }

  // MARK: - Bytes

  func refusal(_ reason: String) -> BackportRefusal { BackportRefusal(reason: reason) }

  func column(_ offset: Int) -> Int { file.column(of: offset) }

  func lineStart(_ offset: Int) -> Int { file.lineStarts[file.lineIndex(of: offset)] }

  func onlyIndentation(before offset: Int) -> Bool {
    onlyWhitespace(lineStart(offset)..<offset)
  }

  func onlyWhitespace(_ range: Range<Int>) -> Bool {
    range.allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 || bytes[$0] == 0x0A || bytes[$0] == 0x0D }
  }

  func contains(newlineIn span: ByteSpan) -> Bool {
    bytes[max(0, span.start)..<min(bytes.count, span.end)].contains(0x0A)
  }

  func indentationWidth(ofLineAt offset: Int) -> Int { file.indentation(ofLineAt: offset).utf8.count }

  /// Deletes whole lines from `start` (a line start) through the line break after `end`.
  func deleteLines(from start: Int, through end: Int) -> SourceEdit {
    let line = file.lineIndex(of: max(start, end - 1))
    let next = line + 1 < file.lineStarts.count ? file.lineStarts[line + 1] : bytes.count
    // At the end of a file without a final line break, the break before the lines stays: it may end the
    // content of a block scalar above.
    return SourceEdit(span: ByteSpan(start: start, end: next), replacement: "")
  }

  /// The anchor and tag written before a node's content, and where they end.
  func properties(_ span: ByteSpan) -> (anchor: String?, tag: String?, end: Int) {
    guard !isJSON else { return (nil, nil, span.start) }
    var anchor: String?
    var tag: String?
    var cursor = span.start
    var end = span.start
    while cursor < span.end, bytes[cursor] == UInt8(ascii: "&") || bytes[cursor] == UInt8(ascii: "!") {
      let isAnchor = bytes[cursor] == UInt8(ascii: "&")
      let tokenStart = cursor
      while cursor < span.end, !Self.isBlank(bytes[cursor]), !(isAnchor && Self.isFlowIndicator(bytes[cursor])) {
        cursor += 1
      }
      let token = String(decoding: bytes[tokenStart..<cursor], as: UTF8.self)
      if isAnchor { anchor = String(token.dropFirst()) } else { tag = token }
      end = cursor
      cursor = skipSpaceAndComments(from: cursor, limit: span.end)
    }
    return (anchor, tag, end)
  }

  /// The first byte of a node's content, after its anchor and tag.
  func contentStart(_ span: ByteSpan) -> Int {
    let props = properties(span)
    guard props.end > span.start else { return span.start }
    return min(skipSpaceAndComments(from: props.end, limit: span.end), span.end)
  }

  /// The end of a value's last content byte: block scalars and collections may reach into trailing line
  /// breaks, which belong to the file.
  func valueEnd(_ value: Value) -> Int {
    guard let span = value.span else { return 0 }
    let start = contentStart(span)
    var end = span.end
    while end > start, Self.isBlank(bytes[end - 1]) { end -= 1 }
    return end
  }

  func skipSpaceAndComments(from start: Int, limit: Int) -> Int {
    var cursor = start
    while cursor < limit {
      if Self.isBlank(bytes[cursor]) {
        cursor += 1
      } else if bytes[cursor] == UInt8(ascii: "#") {
        while cursor < limit, bytes[cursor] != 0x0A { cursor += 1 }
      } else {
        break
      }
    }
    return cursor
  }

  /// The scalar style of the value starting at `start`, or `nil` for a collection.
  func scalarStyle(at start: Int, of value: Value) -> SyntaxNode.ScalarStyle? {
    guard value.isScalar else { return nil }
    guard start < bytes.count, start < (value.span?.end ?? 0) else { return .plain }
    switch bytes[start] {
    case UInt8(ascii: "'"): return .singleQuoted
    case UInt8(ascii: "\""): return .doubleQuoted
    case UInt8(ascii: "|"): return .literal
    case UInt8(ascii: ">"): return .folded
    default: return .plain
    }
  }

  /// Whether a collection is written in flow style (`{...}` / `[...]`).
  func isFlow(_ value: Value) -> Bool {
    guard !value.isScalar, let span = value.span else { return false }
    let start = contentStart(span)
    guard start < span.end else { return false }
    return bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[")
  }

  /// The offsets of a flow collection's opening and closing brackets.
  func brackets(of container: Value) throws(BackportRefusal) -> (Int, Int) {
    guard let span = container.span else { throw refusal("the collection has no position") }
    let open = contentStart(span)
    let close = span.end - 1
    guard open < close, bytes[open] == UInt8(ascii: "{") || bytes[open] == UInt8(ascii: "["),
      bytes[close] == UInt8(ascii: "}") || bytes[close] == UInt8(ascii: "]")
    else { throw refusal("cannot find the brackets of the flow collection in \(file.path)") }
    return (open, close)
  }

  /// The offset of the `-` of a block sequence item.
  func dashOffset(item index: Int, in list: Value) throws(BackportRefusal) -> Int {
    guard let items = list.list, items.indices.contains(index), let span = list.span,
      let itemSpan = items[index].span
    else { throw refusal("the list item has no position") }
    let from = index == 0 ? contentStart(span) : valueEnd(items[index - 1])
    let dash = skipSpaceAndComments(from: from, limit: itemSpan.start)
    guard dash < itemSpan.start || (dash == itemSpan.start && index == 0 && bytes[dash] == UInt8(ascii: "-")),
      bytes[dash] == UInt8(ascii: "-")
    else { throw refusal("cannot find the dash of list item \(index) in \(file.path)") }
    return dash
  }

  /// The column of the key or dash that owns the value at `steps[index]`.
  func ownerColumn(ofLast index: Int) throws(BackportRefusal) -> Int {
    let owner = steps[index - 1].value
    if owner.map != nil, let keySpan = steps[index].keySpan { return column(keySpan.start) }
    if owner.list != nil { return column(try dashOffset(item: steps[index].position, in: owner)) }
    throw refusal("cannot find the owner of the value")
  }

  /// The offset just after the `:` that follows a key.
  func colonEnd(after keySpan: ByteSpan) throws(BackportRefusal) -> Int {
    var cursor = keySpan.end
    while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
    guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else {
      throw refusal("cannot find the ':' after the key in \(file.path)")
    }
    return cursor + 1
  }

  /// The header of the block scalar a value ends with, if it ends with one: the scalar's span, where its
  /// header token ends, and its chomping indicator with its offset.
  func lastBlockScalarHeader(_ value: Value)
    -> (span: ByteSpan, tokenEnd: Int, chomping: UInt8?, chompingOffset: Int?)?
  {
    var current = value
    while true {
      switch current.kind {
      case .map(let map):
        guard let last = map.entries.last(where: { $0.value.span != nil }) else { return nil }
        current = last.value
      case .list(let items):
        guard let last = items.last else { return nil }
        current = last
      case .string:
        guard let span = current.span else { return nil }
        let start = contentStart(span)
        guard start < span.end, bytes[start] == UInt8(ascii: "|") || bytes[start] == UInt8(ascii: ">") else {
          return nil
        }
        var cursor = start + 1
        var chomping: (UInt8, Int)?
        while cursor < min(span.end, start + 3) {
          let byte = bytes[cursor]
          if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
            chomping = (byte, cursor)
          } else if !(byte >= 0x31 && byte <= 0x39) {
            break
          }
          cursor += 1
        }
        return (span, cursor, chomping?.0, chomping?.1)
      default:
        return nil
      }
    }
  }

  /// Whether the file holds an alias `*name`.
  func isAliased(_ name: String) -> Bool {
    guard !isJSON, !name.isEmpty else { return false }
    let needle = [UInt8(ascii: "*")] + Array(name.utf8)
    var index = 0
    while index + needle.count <= bytes.count {
      if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) {
        let after = index + needle.count
        if after == bytes.count || Self.isBlank(bytes[after]) || Self.isFlowIndicator(bytes[after]) { return true }
      }
      index += 1
    }
    return false
  }

  /// The anchors (`&name`) defined in a span.
  func anchorsDefined(in span: ByteSpan) -> [String] {
    guard !isJSON else { return [] }
    var names: [String] = []
    var index = span.start
    while index < span.end {
      if bytes[index] == UInt8(ascii: "&"),
        index == 0 || Self.isBlank(bytes[index - 1])
          || [UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "{")]
            .contains(bytes[index - 1])
      {
        var end = index + 1
        while end < span.end, !Self.isBlank(bytes[end]), !Self.isFlowIndicator(bytes[end]) { end += 1 }
        if end > index + 1 { names.append(String(decoding: bytes[(index + 1)..<end], as: UTF8.self)) }
        index = end
      } else {
        index += 1
      }
    }
    return names
  }

  /// Whether a mapping is written with a YAML merge key `<<`.
  func hasMergeKey(_ map: Value) -> Bool {
    guard !isJSON, let span = map.span else { return false }
    var index = span.start
    while index + 2 < span.end {
      if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "<") {
        var cursor = index + 2
        while cursor < span.end, bytes[cursor] == 0x20 { cursor += 1 }
        if cursor < span.end, bytes[cursor] == UInt8(ascii: ":") { return true }
      }
      index += 1
    }
    return false
  }

  static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

  static func isFlowIndicator(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "{")
      || byte == UInt8(ascii: "}")
  }
}

// MARK: - JSON

/// JSON text for values inserted into JSON files.
private enum JSONRendering {
  /// A value as JSON: on one line when `column` is `nil`, else pretty-printed with the closing bracket at
  /// `column` and members `unit` deeper.
  static func text(_ value: Value, column: Int?, unit: Int, newline: String = "\n") -> String {
    switch value.kind {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let number): return JSONText.numberLiteral(number)
    case .string(let text): return YAMLRenderer.doubleQuoted(text)
    case .map(let map):
      if map.isEmpty { return "{}" }
      guard let column else {
        return "{"
          + map.entries.map { JSONText.quoted($0.key) + ": " + text($0.value, column: nil, unit: unit) }
          .joined(separator: ", ") + "}"
      }
      let pad = String(repeating: " ", count: column + unit)
      let members = map.entries.map {
        pad + JSONText.quoted($0.key) + ": " + text($0.value, column: column + unit, unit: unit, newline: newline)
      }
      return "{" + newline + members.joined(separator: "," + newline) + newline
        + String(repeating: " ", count: column) + "}"
    case .list(let items):
      if items.isEmpty { return "[]" }
      guard let column else {
        return "[" + items.map { text($0, column: nil, unit: unit) }.joined(separator: ", ") + "]"
      }
      let pad = String(repeating: " ", count: column + unit)
      let elements = items.map { pad + text($0, column: column + unit, unit: unit, newline: newline) }
      return "[" + newline + elements.joined(separator: "," + newline) + newline
        + String(repeating: " ", count: column) + "]"
    }
  }

}

// MARK: - Small helpers

extension Value.Kind {
  /// The kind without its payload, for "did the type change" questions.
  fileprivate var category: Int {
    switch self {
    case .null: 0
    case .bool: 1
    case .number: 2
    case .string: 3
    case .list: 4
    case .map: 5
    }
  }
}

extension ValuePath.Segment {
  fileprivate var isKey: Bool {
    if case .key = self { return true }
    return false
  }
}
