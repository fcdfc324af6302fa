import DriftbackSyntax

/// Renders a report as design.md's JSON (schema version 1; keys sorted; fields may be added, none renamed).
/// Added to the schema: `lastSeen` on regressions (and resolved findings), a top-level `resolved` list (same
/// shape as `findings`) when a weakening runtime change is gone, and `before` (label, capturedAt) for
/// post-deploy verification, and `suppressedBy` (reason, owner, expires, file, line) on a finding an ignore
/// rule suppresses.
public struct JSONReportRenderer: ReportRenderer {
  /// Creates a renderer.
  public init() {}

  /// Writes the JSON text.
  public func write<Target: TextOutputStream>(_ report: DriftReport, to target: inout Target) {
    target.write(JSONWriter.write(Self.value(of: report)))
  }

  /// The report as a value.
  public static func value(of report: DriftReport) -> Value {
    let summary = report.analysis.summary
    var root = ValueMap()
    root["schemaVersion"] = .int(DriftReport.schemaVersion)
    root["tool"] = ["name": "driftback", "version": .string(report.toolVersion)]
    root["capture"] = [
      "label": report.captureLabel.map(Value.string) ?? .null,
      "capturedAt": report.capturedAt.map(Value.string) ?? .null,
    ]
    root["summary"] = [
      "resources": .int(summary.resources), "inSync": .int(summary.inSync), "drifted": .int(summary.drifted),
      "unmanaged": .int(summary.unmanaged), "missing": .int(summary.missing), "findings": .int(summary.findings),
      "regressions": .int(summary.regressions), "suppressed": .int(summary.suppressed),
      "unknownValues": .int(report.analysis.unknownValues),
    ]
    if let before = report.beforeLabel {
      root["before"] = [
        "label": .string(before), "capturedAt": report.captureTimes[before].map(Value.string) ?? .null,
      ]
    }
    root["findings"] = .list(report.analysis.findings.map(value(of:)))
    if !report.analysis.resolved.isEmpty {
      root["resolved"] = .list(report.analysis.resolved.map(value(of:)))
    }
    root["diagnostics"] = .list(report.analysis.diagnostics.map(value(of:)))
    return .map(root)
  }

  /// One finding as a value.
  public static func value(of finding: Finding) -> Value {
    var map = ValueMap()
    map["id"] = .string(finding.id)
    map["kind"] = .string(finding.kind.rawValue)
    map["ecosystem"] = .string(finding.ecosystem.rawValue)
    map["resource"] = .string(finding.resource.text)
    map["path"] = .string(finding.path.description)
    map["change"] = .string(finding.change.rawValue)
    map["iac"] = finding.iac?.withoutSpans ?? .null
    map["live"] = finding.live?.withoutSpans ?? .null
    if let source = finding.source, let location = source.location {
      map["source"] = ["file": .string(location.file), "line": .int(location.line), "column": .int(location.column)]
    } else {
      map["source"] = .null
    }
    map["severity"] = .string(finding.severity.rawValue)
    if let security = finding.security {
      map["security"] = [
        "rule": .string(security.rule), "direction": .string(security.direction.rawValue),
        "summary": .string(security.summary),
      ]
    } else {
      map["security"] = .null
    }
    map["action"] = .string(finding.action.rawValue)
    map["backport"] = ["possible": .bool(finding.backport.possible), "reason": .string(finding.backport.reason)]
    map["firstSeen"] = finding.firstSeen.map(Value.string) ?? .null
    if let lastSeen = finding.lastSeen { map["lastSeen"] = .string(lastSeen) }
    map["secret"] = .bool(finding.involvesSecret)
    if let suppression = finding.suppressedBy {
      map["suppressedBy"] = [
        "reason": .string(suppression.reason), "owner": suppression.owner.map(Value.string) ?? .null,
        "expires": .string(suppression.expires), "file": .string(suppression.location.file),
        "line": .int(suppression.location.line),
      ]
    }
    return .map(map)
  }

  static func value(of diagnostic: DriftbackSyntax.Diagnostic) -> Value {
    var map = ValueMap()
    map["severity"] = .string(diagnostic.severity.rawValue)
    map["message"] = .string(diagnostic.message)
    map["file"] = diagnostic.location.map { .string($0.file) } ?? .null
    map["line"] = diagnostic.location.flatMap { $0.line > 0 ? Value.int($0.line) : nil } ?? .null
    map["column"] = diagnostic.location.flatMap { $0.line > 0 ? Value.int($0.column) : nil } ?? .null
    return .map(map)
  }
}
