/// Reads a series of captures as a history: when each finding first appeared, and which runtime patches a
/// later capture lost (regressions) or shed for the better (resolved).
public enum CaptureHistory {
  /// The newest capture's analysis, judged against the earlier captures.
  ///
  /// - Every finding's `firstSeen` becomes the earliest capture of the unbroken run of captures, ending
  ///   with the newest, that have a finding with the same id.
  /// - Every runtime patch of an earlier capture (the most recent one that had it counts) that the newest
  ///   capture lost, with the live value back at the IaC value, becomes a `regression` finding: the IaC
  ///   value, the value the patch had (`live`), the capture it was last seen in (`lastSeen`) and the one it
  ///   first appeared in (`firstSeen`), with the earlier finding's severity, security, action and source,
  ///   and its back-port availability, planned from that capture (``Analysis/regressionOrigins``).
  /// - A lost patch that weakened security is not a regression: it goes to ``Analysis/resolved``.
  ///
  /// A patch counts as lost only when the newest capture compared its resource (declared and running:
  /// a resource missing or unmanaged now is not a regression), has no change at its path or above or
  /// below it, and the IaC at that path is what it was in the capture that had the patch (an IaC that
  /// changed there, for example because the patch was back-ported, settled it on purpose). Captures whose
  /// analysis has errors are left out of the history: they say nothing about which findings existed.
  /// - Parameters:
  ///   - newest: the capture the report is about.
  ///   - earlier: the earlier captures, oldest first, all older than `newest`.
  /// - Returns: the newest capture's analysis with history applied, findings sorted and counted.
  public static func apply(newest: CaptureAnalysis, earlier: [CaptureAnalysis]) -> Analysis {
    let history = earlier.filter { !$0.analysis.hasErrors }
    let timeline = history + [newest]
    let ids = timeline.map { Set($0.analysis.findings.map(\.id)) }
    /// The label of the first capture of the unbroken run that has `id` and ends at `index`.
    func firstSeen(_ id: String, endingAt index: Int) -> String {
      var first = index
      while first > 0 && ids[first - 1].contains(id) { first -= 1 }
      return timeline[first].label
    }

    var analysis = newest.analysis
    let newestIndex = timeline.count - 1
    for index in analysis.findings.indices {
      analysis.findings[index].firstSeen = firstSeen(analysis.findings[index].id, endingAt: newestIndex)
    }

    var considered = ids[newestIndex]
    let missing = Set(newest.analysis.findings.filter { $0.kind == .missing }.map(\.resource))
    for index in history.indices.reversed() {
      let capture = history[index]
      // Only a capture judged against the source of its own time can show a lost patch: against today's IaC,
      // a value the source had before a back-port changed it looks just like a runtime patch.
      let judgedByItsOwnSource = capture.iacRevision != nil
      for finding in capture.analysis.findings where finding.kind == .runtimePatch {
        // Skipped, not counted: an older capture that knows its source may still show the patch.
        guard judgedByItsOwnSource else { continue }
        guard considered.insert(finding.id).inserted,
          isLost(finding, from: capture.analysis, in: newest.analysis, missing: missing)
        else { continue }
        var earlierFinding = finding
        earlierFinding.firstSeen = firstSeen(finding.id, endingAt: index)
        earlierFinding.lastSeen = capture.label
        if finding.security?.direction == .weakens {
          analysis.resolved.append(earlierFinding)
          continue
        }
        let regression = Self.regression(of: earlierFinding, lastSeen: capture.label)
        analysis.findings.append(regression)
        analysis.regressionOrigins[regression.id] = RegressionOrigin(
          capture: capture.label, findingID: finding.id, analysis: capture.analysis)
      }
    }
    analysis.resolved.sort(by: Analysis.reportOrder)
    analysis.summary.regressions = analysis.findings.filter { $0.kind == .regression }.count
    analysis.findings.sort(by: Analysis.reportOrder)
    analysis.summary.findings = analysis.findings.count
    analysis.timeline =
      history.map { CaptureTrendPoint(label: $0.label, capturedAt: $0.capturedAt, findings: $0.analysis.findings) }
      + [CaptureTrendPoint(label: newest.label, capturedAt: newest.capturedAt, findings: analysis.findings)]
    return analysis
  }
}

// MARK: - Lost patches

extension CaptureHistory {
  /// Whether the newest analysis lost `patch` (a runtime patch of `origin`) with the live value back at the
  /// IaC value. `missing` holds the resources the newest analysis reports missing.
  static func isLost(_ patch: Finding, from origin: Analysis, in newest: Analysis, missing: Set<ResourceAddress>)
    -> Bool
  {
    // Compared now: declared, and running (not missing).
    guard let resource = newest.iacResources[patch.resource], !missing.contains(patch.resource) else { return false }
    // No difference at the path, above it (the whole container replaced) or below it (part of it differs).
    let related = (newest.changes[patch.resource] ?? []).contains {
      $0.path.isPrefix(of: patch.path) || patch.path.isPrefix(of: $0.path)
    }
    guard !related else { return false }
    // The IaC there is what the patch was compared with: live is back at that value. An IaC that changed
    // there settled the difference in source (a back-port, or a new decision), which is no regression.
    guard let before = origin.iacResources[patch.resource] else { return true }
    switch (before.value.value(at: patch.path), resource.value.value(at: patch.path)) {
    case (nil, nil): return true
    case (let old?, let new?): return old.semanticallyEquals(new)
    default: return false
    }
  }

  /// The regression finding for a lost runtime patch (`lost` carries `firstSeen`).
  static func regression(of lost: Finding, lastSeen: String) -> Finding {
    var regression = lost
    regression.id = Finding.makeID(kind: .regression, resource: lost.resource, path: lost.path)
    regression.kind = .regression
    regression.lastSeen = lastSeen
    regression.backport.reason = "back-port of the value last seen in \(lastSeen): \(lost.backport.reason)"
    return regression
  }
}
