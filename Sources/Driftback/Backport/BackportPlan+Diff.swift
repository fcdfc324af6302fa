extension BackportPlan.FileChange {
  /// The change as a unified diff from the old to the new bytes.
  ///
  /// A change that carries a secret's back-port (``hidesSecrets``) shows its removed and context lines with
  /// every hidden text and every credential-looking word replaced by the redactor's marker: the old literal
  /// never reaches the terminal or a diff file. Such a diff does not apply with `git apply` (its old lines are
  /// not the file's); write it with `--apply` or `--git-branch`, which use the edited bytes.
  /// - Parameters:
  ///   - path: the file's path as the diff headers name it (relative to the repository root).
  ///   - redactor: makes the markers.
  /// - Returns: the diff (`""` when nothing changed), and whether a line of it was redacted.
  public func unifiedDiff(path shownPath: String, redactor: Redactor) -> (text: String, isRedacted: Bool) {
    guard hidesSecrets else { return (UnifiedDiff.make(path: shownPath, old: original, new: edited), false) }
    let hidden = hiddenTexts
    let redacted = RedactionCount()
    let text = UnifiedDiff.make(path: shownPath, old: original, new: edited) { line in
      var text = line
      for secret in hidden where text.contains(secret) {
        text = text.replacing(secret, with: redactor.marker(for: secret))
      }
      text = redactor.redactText(text)
      if text != line { redacted.lines += 1 }
      return text
    }
    return (text, redacted.lines > 0)
  }
}

/// How many lines a diff redacted (the rewrite closure cannot capture a local variable it mutates).
private final class RedactionCount {
  var lines = 0
}
