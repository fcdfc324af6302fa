/// Renders a ``DriftReport`` in one format. Every renderer takes the same report model, writes to a
/// `TextOutputStream`, and is deterministic: the same report gives the same bytes (no absolute paths, no
/// wall clock; a time appears only when the report carries one, from the capture or `--now`).
public protocol ReportRenderer: Sendable {
  /// Writes the rendered report to `target`.
  func write<Target: TextOutputStream>(_ report: DriftReport, to target: inout Target)
}

extension ReportRenderer {
  /// The rendered report as one string.
  public func render(_ report: DriftReport) -> String {
    var text = ""
    write(report, to: &text)
    return text
  }
}
