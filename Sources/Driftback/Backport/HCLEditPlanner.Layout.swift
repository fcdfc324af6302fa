import DriftbackSyntax

extension HCLEditPlanner {
  /// Line-level editing of one HCL file: where a new line goes and how it is aligned, which lines a removal
  /// takes. Edits copy what is there (indentation, `=` column, separators, commas, line breaks) rather than
  /// re-formatting anything.
  struct Layout {
    let source: SourceFile
    let bytes: [UInt8]
    let newline: String
    /// Lines of the file, not counting the empty line after a final line break.
    let lineCount: Int

    init(source: SourceFile) {
      self.source = source
      self.bytes = source.bytes
      let firstBreak = source.lineStarts.count > 1 ? source.lineStarts[1] - 1 : 0
      self.newline = firstBreak > 0 && source.bytes[firstBreak - 1] == 0x0D ? "\r\n" : "\n"
      self.lineCount = source.bytes.last == 0x0A ? source.lineStarts.count - 1 : source.lineStarts.count
    }

    // MARK: - Inserting

    /// A new top-level attribute of a block: after the last attribute before the first nested block (or the
    /// last attribute), its `=` in that attribute's run.
    func insertAttribute(key: String, value: Value, into block: HCLBlock) throws(BackportRefusal) -> SourceEdit {
      let body = block.body
      let firstBlock = body.blocks.first?.span.start ?? Int.max
      if let anchor = body.attributes.last(where: { $0.span.start < firstBlock }) ?? body.attributes.last {
        return entryLine(
          key: key, value: value, separator: "=", keyStart: anchor.nameSpan.start,
          separatorStart: anchor.equalsSpan.start, anchorEnd: anchor.span.end, trailingComma: false)
      }
      guard !block.isSingleLine(in: source) else {
        throw BackportRefusal(
          reason: "the block at \(place(block.span.start)) is written on one line; add \(key) by hand")
      }
      let indent = source.indentation(ofLineAt: block.span.start) + unit(near: block.span.start)
      let text = indent + HCLRenderer.key(key) + " = " + rendered(value, indent: indent)
      let gap = body.blocks.isEmpty ? "" : newline
      return .insert(newline + text + gap, at: lineEnd(block.openBraceSpan.start))
    }

    /// A new entry of an object literal: a new line after the last entry when the entries sit on lines of
    /// their own, otherwise `, key = value` after the last entry.
    func insertItem(key: String, value: Value, into object: HCLExpression) throws(BackportRefusal) -> SourceEdit {
      guard case .object(let items) = object.kind else {
        throw BackportRefusal(reason: "the value at \(place(object.span.start)) is not a map literal; edit it by hand")
      }
      let open = object.span.start
      let close = object.span.end - 1
      let renderedKey = HCLRenderer.key(key)
      guard let last = items.last else {
        let indent = source.indentation(ofLineAt: open)
        let inner = indent + unit(near: open)
        let entry = inner + renderedKey + " = " + rendered(value, indent: inner)
        if line(open) == line(close) {
          return SourceEdit(span: object.span, replacement: "{" + newline + entry + newline + indent + "}")
        }
        return .insert(newline + entry, at: lineEnd(open))
      }
      let separator = source.text(last.separatorSpan)
      let lastEnd = last.value.span.end
      let comma = commaAfter(lastEnd)
      let afterLast = comma.map { $0 + 1 } ?? lastEnd
      if line(open) != line(close), line(lastEnd - 1) != line(close), onlySpaces(before: last.key.span.start),
        restIsTrivia(after: afterLast)
      {
        return entryLine(
          key: key, value: value, separator: separator, keyStart: last.key.span.start,
          separatorStart: last.separatorSpan.start, anchorEnd: lastEnd, trailingComma: comma != nil)
      }
      let entry = renderedKey + " " + separator + " " + HCLRenderer.inline(value)
      if let comma { return .insert(" " + entry, at: comma + 1) }
      return .insert(", " + entry, at: lastEnd)
    }

    /// `key = value` on a new line after an anchor entry, indented like it; `=` at the anchor's column
    /// when the anchor is a single-line entry (one space when the key is too long for it or the value spans
    /// lines).
    func entryLine(
      key: String, value: Value, separator: String, keyStart: Int, separatorStart: Int, anchorEnd: Int,
      trailingComma: Bool
    ) -> SourceEdit {
      let column = source.column(of: keyStart)
      let lineIndent = source.indentation(ofLineAt: keyStart)
      let indent = lineIndent.utf8.count == column ? lineIndent : String(repeating: " ", count: column)
      let renderedKey = HCLRenderer.key(key)
      let valueText = rendered(value, indent: indent)
      var pad = 1
      if separator == "=", line(keyStart) == line(anchorEnd - 1), !valueText.contains("\n") {
        pad = max(1, source.column(of: separatorStart) - column - renderedKey.utf8.count)
      }
      let text =
        indent + renderedKey + String(repeating: " ", count: pad) + separator + " " + valueText
        + (trailingComma ? "," : "")
      return .insert(newline + text, at: lineEnd(anchorEnd - 1))
    }

    /// Lines of a new block after `anchor` (the last block of its type, or the last item of the body), with
    /// a blank line before it when the body separates its items that way.
    func insertBlock(_ lines: [String], after anchor: HCLBodyItem?, in body: HCLBody, owner: HCLBlock) -> SourceEdit {
      guard let anchor else {
        return .insert(newline + lines.joined(separator: newline), at: lineEnd(owner.openBraceSpan.start))
      }
      let previous = body.items.last { $0.span.end <= anchor.span.start }
      let separated = previous.map { line($0.span.end - 1) + 1 < firstLine(of: anchor.span.start) } ?? true
      return .insert(
        newline + (separated ? newline : "") + lines.joined(separator: newline), at: lineEnd(anchor.span.end - 1))
    }

    func rendered(_ value: Value, indent: String) -> String {
      HCLRenderer.expression(value, indent: indent, unit: "  ", newline: newline)
    }

    /// One level of indentation: the file's first indented line's indentation, or two spaces.
    func unit(near offset: Int) -> String {
      for index in 0..<lineCount {
        let indent = source.indentation(ofLineAt: source.lineStarts[index])
        if !indent.isEmpty, indent.utf8.count < source.lineSpan(index).count { return indent }
      }
      return "  "
    }

    // MARK: - Removing

    /// Removes an entry (an attribute, object item, tuple element or block): its whole lines, the comment
    /// lines directly above it and a comment after it included, when it has its lines to itself; otherwise
    /// the entry and one adjacent comma.
    func removeItem(_ span: ByteSpan, extendsOverComma: Bool) -> SourceEdit {
      var end = span.end
      if extendsOverComma, let comma = commaAfter(end) { end = comma + 1 }
      if onlySpaces(before: span.start), restIsTrivia(after: end) {
        return removeLines(first: line(span.start), last: line(end - 1))
      }
      if end > span.end || (extendsOverComma && commaBefore(span.start) == nil) {
        return SourceEdit(span: ByteSpan(start: span.start, end: skipSpaces(from: end)), replacement: "")
      }
      if let comma = commaBefore(span.start) {
        return SourceEdit(span: ByteSpan(start: comma, end: span.end), replacement: "")
      }
      return SourceEdit(span: ByteSpan(start: span.start, end: skipSpaces(from: end)), replacement: "")
    }

    /// Deletes lines `first...last` with the comment lines directly above them; when that leaves two blank
    /// lines together, or a blank line next to a brace, one goes too.
    func removeLines(first: Int, last: Int) -> SourceEdit {
      var top = first
      while top > 0, isComment(top - 1) { top -= 1 }
      var start = source.lineStarts[top]
      var end = last + 1 < source.lineStarts.count ? source.lineStarts[last + 1] : bytes.count
      let above = top - 1
      let below = last + 1
      let aboveBlank = above >= 0 && isBlank(above)
      let belowBlank = below < lineCount && isBlank(below)
      let belowCloses = below >= lineCount || trimmed(below).hasPrefix("}")
      let aboveOpens = above < 0 || trimmed(above).hasSuffix("{")
      if aboveBlank && belowBlank {
        end = below + 1 < source.lineStarts.count ? source.lineStarts[below + 1] : bytes.count
      } else if aboveBlank && belowCloses {
        start = source.lineStarts[above]
      } else if aboveOpens && belowBlank {
        end = below + 1 < source.lineStarts.count ? source.lineStarts[below + 1] : bytes.count
      }
      if end == bytes.count, bytes.last != 0x0A, start > 0 {
        // The last line has no line break: take the one before it instead.
        start -= bytes[start - 1] == 0x0A && start >= 2 && bytes[start - 2] == 0x0D ? 2 : 1
      }
      return SourceEdit(span: ByteSpan(start: start, end: end), replacement: "")
    }

    // MARK: - Reading lines

    func line(_ offset: Int) -> Int { source.lineIndex(of: max(0, offset)) }

    /// The line where the entry at `offset` starts, before the comments above it.
    func firstLine(of offset: Int) -> Int {
      var top = line(offset)
      while top > 0, isComment(top - 1) { top -= 1 }
      return top
    }

    /// The end of the text of the line holding `offset` (before its line break).
    func lineEnd(_ offset: Int) -> Int { source.lineSpan(line(offset)).end }

    func trimmed(_ index: Int) -> Substring {
      var text = Substring(source.lineText(index))
      while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
      while let last = text.last, last == " " || last == "\t" { text.removeLast() }
      return text
    }

    func isBlank(_ index: Int) -> Bool { trimmed(index).isEmpty }

    func isComment(_ index: Int) -> Bool {
      let text = trimmed(index)
      return text.hasPrefix("#") || text.hasPrefix("//") || (text.hasPrefix("/*") && text.hasSuffix("*/"))
    }

    func onlySpaces(before offset: Int) -> Bool {
      var index = offset - 1
      while index >= 0, bytes[index] == 0x20 || bytes[index] == 0x09 { index -= 1 }
      return index < 0 || bytes[index] == 0x0A
    }

    /// Whether only spaces or a comment follow `offset` on its line.
    func restIsTrivia(after offset: Int) -> Bool {
      let index = skipSpaces(from: offset)
      guard index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D else { return true }
      if bytes[index] == UInt8(ascii: "#") { return true }
      guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "/") else { return false }
      return bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "*")
    }

    func skipSpaces(from offset: Int) -> Int {
      var index = offset
      while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
      return index
    }

    /// The offset of a comma right after `offset` (spaces allowed between), on the same line.
    func commaAfter(_ offset: Int) -> Int? {
      let index = skipSpaces(from: offset)
      return index < bytes.count && bytes[index] == UInt8(ascii: ",") ? index : nil
    }

    /// The offset of a comma right before `offset` (spaces allowed between), on the same line.
    func commaBefore(_ offset: Int) -> Int? {
      var index = offset - 1
      while index >= 0, bytes[index] == 0x20 || bytes[index] == 0x09 { index -= 1 }
      return index >= 0 && bytes[index] == UInt8(ascii: ",") ? index : nil
    }

    func place(_ offset: Int) -> String { "\(source.path):\(source.location(of: offset).line)" }

    /// The indentation every non-blank line of `text` starts with.
    static func commonIndentation(_ text: String) -> String {
      let lines = text.split(separator: "\n").filter { !$0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }
      let indents = lines.map { String($0.prefix { $0 == " " || $0 == "\t" }) }
      guard var common = indents.first else { return "" }
      for indent in indents.dropFirst() {
        while !indent.hasPrefix(common) { common.removeLast() }
      }
      return common
    }
  }
}
