public import DriftbackSyntax

/// The result of comparing IaC with a capture.
public struct Analysis: Sendable {
  /// The counts of design.md's report summary.
  public struct Summary: Sendable, Hashable {
    public var resources = 0
    public var inSync = 0
    public var drifted = 0
    public var unmanaged = 0
    public var missing = 0
    public var findings = 0
    public var regressions = 0
    public var suppressed = 0

    /// Creates an empty summary.
    public init() {}
  }

  /// The findings, sorted by resource, path and kind.
  public var findings: [Finding] = []
  /// Problems and notes about the input.
  public var diagnostics: [Diagnostic]
  /// The counts.
  public var summary = Summary()
  /// Runtime changes that weakened security and are gone now (from ``CaptureHistory``): not regressions,
  /// reported so that a reader knows they were seen. Sorted like ``findings``; never counted as findings.
  public var resolved: [Finding] = []
  /// Where each regression's lost runtime patch was last seen, by the regression's finding id: its
  /// back-port is planned from that capture's analysis.
  public var regressionOrigins: [String: RegressionOrigin] = [:]
  /// How many findings each capture of the history had, oldest first, the newest last (from
  /// ``CaptureHistory``); empty when the report has no history.
  public var timeline: [CaptureTrendPoint] = []
  /// Texts known to be secret, never shown: the credentials found written in the IaC (the texts of the
  /// `secret-in-iac` findings), a Kubernetes Secret's data under secret-sounding keys, Terraform sensitive values.
  /// A finding of another object whose value holds one is redacted (``KnownSecrets/protect(_:redactor:)``), and
  /// text quoted from the source outside a finding (a diff's unchanged lines in a report) is redacted with them.
  public var secretTexts: Set<String> = []
  /// Every IaC resource by address (for back-ports).
  public var iacResources: [ResourceAddress: Resource] = [:]
  /// The raw live objects of drifted and unmanaged resources (for back-ports and verification).
  public var liveObjects: [ResourceAddress: Value] = [:]
  /// The unredacted changes of each drifted resource (for planning and verifying edits).
  public var changes: [ResourceAddress: [Change]] = [:]
  /// How many configured values could not be known statically (never compared, never drift).
  public var unknownValues = 0
  /// The configured Terraform instances, for back-ports.
  public var terraformInstances: [ResourceAddress: TerraformConfiguredInstance] = [:]
  /// The Terraform source files read for the configuration (root modules, modules, variable files).
  public var terraformSources: [String: SourceFile] = [:]
  /// Re-evaluates the Terraform configuration with some files replaced and returns the changes of every
  /// configured instance (nil when the edited configuration does not load): how HCL edits are verified.
  public var terraformReevaluate: (@Sendable ([String: [UInt8]]) -> [ResourceAddress: [Change]]?)?
  /// The evaluated CloudFormation resources, for back-ports.
  public var cloudFormationResources: [ResourceAddress: CloudFormationEvaluatedResource] = [:]
  /// The template (and parameters file) of each CloudFormation resource, for back-ports.
  public var cloudFormationContexts: [ResourceAddress: CloudFormationEditPlanner.Context] = [:]
  /// Reloads, re-evaluates and re-compares the CloudFormation templates with some files replaced (nil when
  /// the edited files do not load): how CloudFormation edits are verified.
  public var cloudFormationReevaluate: (@Sendable ([String: [UInt8]]) -> [ResourceAddress: [Change]]?)?

  /// Creates an analysis.
  public init(diagnostics: [Diagnostic] = []) {
    self.diagnostics = diagnostics
  }

  /// Whether any input was malformed.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Counts the resources and findings and sorts the findings (by resource, path and kind).
  public mutating func finish() {
    summary.resources = summary.inSync + summary.drifted + summary.missing + summary.unmanaged
    findings.sort(by: Self.reportOrder)
    summary.findings = findings.count
  }

  /// The order of findings in a report: by resource, path and kind.
  static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
    (lhs.resource, lhs.path, lhs.kind.rawValue) < (rhs.resource, rhs.path, rhs.kind.rawValue)
  }

  /// This analysis and another (of another ecosystem) as one.
  public func merging(_ other: Analysis) -> Analysis {
    var merged = self
    merged.findings += other.findings
    merged.findings.sort(by: Self.reportOrder)
    merged.resolved += other.resolved
    merged.resolved.sort(by: Self.reportOrder)
    merged.regressionOrigins.merge(other.regressionOrigins) { first, _ in first }
    merged.diagnostics += other.diagnostics
    merged.iacResources.merge(other.iacResources) { first, _ in first }
    merged.liveObjects.merge(other.liveObjects) { first, _ in first }
    merged.changes.merge(other.changes) { first, _ in first }
    merged.unknownValues += other.unknownValues
    merged.secretTexts.formUnion(other.secretTexts)
    merged.terraformInstances.merge(other.terraformInstances) { first, _ in first }
    merged.terraformSources.merge(other.terraformSources) { first, _ in first }
    merged.terraformReevaluate = merged.terraformReevaluate ?? other.terraformReevaluate
    merged.cloudFormationResources.merge(other.cloudFormationResources) { first, _ in first }
    merged.cloudFormationContexts.merge(other.cloudFormationContexts) { first, _ in first }
    merged.cloudFormationReevaluate = merged.cloudFormationReevaluate ?? other.cloudFormationReevaluate
    merged.summary.resources += other.summary.resources
    merged.summary.inSync += other.summary.inSync
    merged.summary.drifted += other.summary.drifted
    merged.summary.unmanaged += other.summary.unmanaged
    merged.summary.missing += other.summary.missing
    merged.summary.findings += other.summary.findings
    merged.summary.regressions += other.summary.regressions
    merged.summary.suppressed += other.summary.suppressed
    return merged
  }

  /// Findings that count for the exit code: every finding no ignore rule suppresses.
  public var activeFindings: [Finding] { findings.filter { $0.suppressedBy == nil } }
}
