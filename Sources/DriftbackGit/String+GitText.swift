// Text helpers for paths and libgit2 messages.
extension String {
  /// The text without leading and trailing spaces, tabs and newlines (libgit2 messages sometimes end in one).
  func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[first...last])
  }

  /// The path without trailing slashes (libgit2 ends folder paths with one); `/` stays `/`.
  var withoutTrailingSlash: String {
    var text = self
    while text.count > 1 && text.hasSuffix("/") { text.removeLast() }
    return text
  }
}
