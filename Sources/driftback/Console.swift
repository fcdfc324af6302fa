import Driftback
import DriftbackSyntax
import Foundation

/// Terminal output: stdout and stderr, colour only on a terminal, diagnostics with secrets redacted.
struct Console {
  let redactor: Redactor

  static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

  func out(_ text: String) {
    ProgressLine.shared.clear()
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  func err(_ text: String) {
    ProgressLine.shared.clear()
    FileHandle.standardError.write(Data(text.utf8))
  }

  /// Prints a diagnostic compiler-style on stderr; the quoted source line never shows a secret.
  func report(_ diagnostic: Diagnostic) {
    var safe = self.safe(diagnostic)
    // Notes are one line each: no snippet.
    if safe.severity == .note { safe.sourceLine = nil }
    err(safe.rendered + "\n")
  }

  /// A diagnostic fit for any output: its message with secret-looking words redacted, its quoted source
  /// line dropped when anything in it had to be redacted (the caret column would no longer fit).
  func safe(_ diagnostic: Diagnostic) -> Diagnostic {
    var safe = diagnostic
    // A message may quote what it could not read: never a secret.
    safe.message = redactor.redactWords(safe.message)
    if let line = safe.sourceLine {
      let redacted = redactor.redactText(line)
      safe.sourceLine = redacted == line ? line : nil
    }
    return safe
  }

  /// The redaction key: `DRIFTBACK_REDACTION_KEY` when set (reproducible output for tests), else random.
  static func redactionKey() -> [UInt8] {
    if let fixed = ProcessInfo.processInfo.environment["DRIFTBACK_REDACTION_KEY"], !fixed.isEmpty {
      return Array(fixed.utf8)
    }
    var generator = SystemRandomNumberGenerator()
    return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
  }
}
