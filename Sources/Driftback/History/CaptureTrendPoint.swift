/// How many findings one capture of the history had: a point of the report's drift-over-time chart.
public struct CaptureTrendPoint: Sendable, Hashable {
  /// The capture's label (its folder name).
  public var label: String
  /// When it was taken, as the capture says.
  public var capturedAt: String?
  /// Its findings, all kinds (each capture judged against the source of its own time when known).
  public var findings: Int
  /// Its findings by severity.
  public var bySeverity: [Finding.Severity: Int]
  /// Its regressions (only the newest capture of a history has any).
  public var regressions: Int

  /// Creates a point.
  public init(
    label: String, capturedAt: String?, findings: Int, bySeverity: [Finding.Severity: Int], regressions: Int
  ) {
    self.label = label
    self.capturedAt = capturedAt
    self.findings = findings
    self.bySeverity = bySeverity
    self.regressions = regressions
  }

  /// The point of a capture whose findings are `findings`.
  public init(label: String, capturedAt: String?, findings: [Finding]) {
    var bySeverity: [Finding.Severity: Int] = [:]
    for finding in findings { bySeverity[finding.severity, default: 0] += 1 }
    self.init(
      label: label, capturedAt: capturedAt, findings: findings.count, bySeverity: bySeverity,
      regressions: findings.filter { $0.kind == .regression }.count)
  }
}
