/// Renders a report as Markdown (not written yet: a placeholder that writes the JSON report).
public struct MarkdownReportRenderer: ReportRenderer {
  /// Creates a renderer.
  public init() {}

  /// Writes the report.
  public func write<Target: TextOutputStream>(_ report: DriftReport, to target: inout Target) {
    JSONReportRenderer().write(report, to: &target)
  }
}
