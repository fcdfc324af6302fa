extension BackportPlan.FileChange {
  /// The change as a unified diff from the old to the new bytes.
  ///
  /// A change that carries a secret's back-port (``hidesSecrets``) shows its removed and context lines with
  /// every hidden text and every credential-looking word replaced by the redactor's marker: the old literal
  /// never reaches the terminal or a diff file. Such a diff does not apply with `git apply` (its old lines are
  /// not the file's); write it with `--apply` or `--git-branch`, which use the edited bytes.
  /// A diff shown in a report (`knownSecrets` given) has its removed and context lines redacted the same way
  /// whatever it carries: an unchanged line next to the edit may hold a secret written in the source.
  /// - Parameters:
  ///   - path: the file's path as the diff headers name it (relative to the repository root).
  ///   - redactor: makes the markers.
  ///   - knownSecrets: for a diff shown in a report, the texts known to be secret (``Analysis/secretTexts``).
  /// - Returns: the diff (`""` when nothing changed), and whether a line of it was redacted.
  public func unifiedDiff(path shownPath: String, redactor: Redactor, knownSecrets: Set<String>? = nil)
    -> (text: String, isRedacted: Bool)
  {
    guard hidesSecrets || knownSecrets != nil else {
      return (UnifiedDiff.make(path: shownPath, old: original, new: edited), false)
    }
    // Longest first, so that a secret holding another is replaced whole; a line is searched for them only when
    // the index says it holds one.
    let hidden = (hiddenTexts + (knownSecrets ?? []).filter { $0.utf8.count >= KnownSecrets.minimumLength })
      .sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
    let index = KnownSecrets.Index(Set(hidden))
    // The index leaves out short texts; a short literal of this edit is searched for on every line.
    let hasShort = hidden.contains { $0.utf8.count < KnownSecrets.minimumLength }
    let redacted = RedactionCount()
    let text = UnifiedDiff.make(path: shownPath, old: original, new: edited) { line in
      var text = line
      if hasShort || index.contains(line) {
        for secret in hidden where text.contains(secret) {
          text = text.replacing(secret, with: redactor.marker(for: secret))
        }
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
