/// The formats a report can be written in.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
  /// Plain text for a terminal (design.md).
  case text
  /// design.md's JSON report (schema version 1).
  case json
  /// GitHub-flavoured Markdown for a pull-request comment or a chat post.
  case markdown
  /// One self-contained HTML page for the nightly report.
  case html
  /// SARIF 2.1.0 for code scanning.
  case sarif
  /// JUnit XML for CI test reports.
  case junit

  /// The format named `name` (`md` is accepted for `markdown`), or `nil`.
  public init?(name: String) {
    let lowered = name.lowercased()
    self.init(rawValue: lowered == "md" ? "markdown" : lowered)
  }

  /// Every format's name, for usage messages: `text, json, markdown, html, sarif, junit`.
  public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
