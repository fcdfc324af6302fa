/// Escapes text for GitHub-flavoured Markdown (the Markdown report). Every piece of text that comes from the
/// input (addresses, paths, values, reasons) goes through here, so that a hostile value can neither start a
/// construct (link, image, HTML, emphasis, table cell) nor break out of a code span or block.
enum MarkdownText {
  /// Characters that start or end an inline construct (or split a table cell) in GitHub-flavoured Markdown:
  /// escaped with a backslash in text. `$` is math on GitHub.
  private static let active: Set<Unicode.Scalar> = [
    "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "!", "$",
  ]

  /// `text` as inline Markdown text, on one line: active characters escaped, line breaks written as spaces,
  /// other control characters as visible `\u001B`-style escapes.
  static func escaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      if active.contains(scalar) {
        out += "\\"
        out.unicodeScalars.append(scalar)
      } else if scalar == "#" {
        // `#123` links an issue (and leaves a reference on it) after rendering, like a mention; `#` followed by
        // a comment is neither that nor a heading.
        out += "#<!-- -->"
      } else if scalar == "@" {
        // GitHub links `@name` to a person or team (and notifies them) after rendering, backslash or not; an
        // empty HTML comment splits the word without showing anything.
        out += "@<!-- -->"
      } else if scalar == "\n" || scalar == "\r" || scalar == "\t" {
        out += " "
      } else if isControl(scalar) {
        out += visibleEscape(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `text` as an inline code span that shows it exactly: the fence is one backtick longer than the longest
  /// run of backticks inside, padded with spaces when the text starts or ends with a backtick or a space
  /// (which the span would otherwise swallow). Control characters (line breaks too) are written as visible
  /// escapes, since a code span is one line. In a table cell a `|` must be escaped even inside a code span.
  static func code(_ text: String, inTable: Bool = false) -> String {
    var body = ""
    for scalar in text.unicodeScalars {
      if isControl(scalar) {
        body += visibleEscape(scalar)
      } else if inTable && scalar == "|" {
        body += "\\|"
      } else {
        body.unicodeScalars.append(scalar)
      }
    }
    if body.isEmpty { return "` `" }
    let fence = String(repeating: "`", count: longestBacktickRun(body) + 1)
    let needsPadding =
      body.hasPrefix("`") || body.hasSuffix("`")
      || (body.hasPrefix(" ") && body.hasSuffix(" ") && body.contains { $0 != " " })
    let padding = needsPadding ? " " : ""
    return fence + padding + body + padding + fence
  }

  /// `text` as a fenced code block, each line prefixed by `indent`: the fence is longer than any run of
  /// backticks in the text (at least three), so no line of the text can close it. Control characters other
  /// than line feeds and tabs are written as visible escapes.
  static func codeBlock(_ text: String, language: String = "", indent: String = "") -> String {
    var body = ""
    for scalar in text.unicodeScalars {
      if scalar != "\n" && scalar != "\t" && isControl(scalar) {
        body += visibleEscape(scalar)
      } else {
        body.unicodeScalars.append(scalar)
      }
    }
    if body.hasSuffix("\n") { body.removeLast() }
    let fence = String(repeating: "`", count: max(3, longestBacktickRun(body) + 1))
    var out = indent + fence + language + "\n"
    for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
      out += (line.isEmpty ? "" : indent) + line + "\n"
    }
    out += indent + fence + "\n"
    return out
  }

  /// Whether the character is a control character (C0, DEL or C1) or a bidirectional control, which would
  /// reorder what a reader sees (as the HTML report's escaping does).
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  private static func visibleEscape(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  private static func longestBacktickRun(_ text: String) -> Int {
    var longest = 0
    var current = 0
    for scalar in text.unicodeScalars {
      if scalar == "`" {
        current += 1
        longest = max(longest, current)
      } else {
        current = 0
      }
    }
    return longest
  }
}
