// A regression is back-ported from the capture that last had the runtime patch: there the patch is still a
// change between the IaC and the live value, so the ordinary planner can write and verify its edit.

extension BackportPlanner {
  /// Plans the selected regressions from their origins (``Analysis/regressionOrigins``), one sub-plan per
  /// origin capture (most recent first), so that several lost patches of one file combine. A regression
  /// whose edit touches a file that another back-port of this plan changes is dropped (run backport again
  /// after applying), as is one whose file is no longer the file the origin capture was compared with.
  func planRegressions(
    _ regressions: [Finding], analysis: Analysis, defaultNamespace: String, into plan: inout BackportPlan
  ) {
    guard !regressions.isEmpty else { return }
    var groups: [String: (origin: Analysis, items: [(regression: Finding, originID: String)])] = [:]
    for finding in regressions {
      if let refusal = refusal(for: finding) {
        drop(finding, refusal, into: &plan)
        continue
      }
      guard let origin = analysis.regressionOrigins[finding.id] else {
        drop(
          finding, "the capture that last had the runtime patch is not known; report over the earlier captures",
          into: &plan)
        continue
      }
      groups[origin.capture, default: (origin.analysis, [])].items.append((finding, origin.findingID))
    }
    guard !groups.isEmpty else { return }
    let current = Self.sourceBytes(of: analysis)
    var taken = Set(plan.files.map(\.path))
    for capture in groups.keys.sorted(by: >) {
      guard let group = groups[capture] else { continue }
      let regressionByOrigin = Dictionary(group.items.map { ($0.originID, $0.regression) }) { first, _ in first }
      let sub = self.plan(
        group.origin, selection: .ids(group.items.map(\.originID)), defaultNamespace: defaultNamespace,
        newManifestPath: { _ in nil }, exists: { _ in true })
      let planned = Set(sub.applied.map(\.finding.id))

      for item in group.items where !planned.contains(item.originID) {
        let reason = Self.dropReason(of: item.originID, in: sub, resource: item.regression)
        drop(
          item.regression, "the back-port of the value last seen in \(capture) cannot be planned: \(reason)",
          into: &plan)
      }

      // Refuse files another back-port changes, or that changed since the origin capture was compared.
      var refused: [String: String] = [:]
      for file in sub.files {
        let reason: String
        if taken.contains(file.path) {
          reason =
            "its back-port changes \(file.path), which another back-port of this run changes too; "
            + "run backport again after applying"
        } else if let original = file.original, let now = current[file.path], now != original {
          reason =
            "\(file.path) is no longer the file capture \(capture) was compared with; "
            + "back-port the value last seen there by hand"
        } else {
          continue
        }
        for id in file.findingIDs where refused[id] == nil { refused[id] = reason }
      }
      // A refused regression takes down the others that share a file with it (its edit is in that file).
      var spreading = !refused.isEmpty
      while spreading {
        spreading = false
        for file in sub.files where file.findingIDs.contains(where: { refused[$0] != nil }) {
          for id in file.findingIDs where refused[id] == nil {
            refused[id] =
              "it shares \(file.path) with a back-port that cannot be applied in this run; "
              + "run backport again after applying"
            spreading = true
          }
        }
      }
      for (id, reason) in refused.sorted(by: { $0.key < $1.key }) {
        if let regression = regressionByOrigin[id] { drop(regression, reason, into: &plan) }
      }

      for file in sub.files where !file.findingIDs.contains(where: { refused[$0] != nil }) {
        plan.files.append(
          BackportPlan.FileChange(
            path: file.path, original: file.original, edited: file.edited,
            findingIDs: file.findingIDs.compactMap { regressionByOrigin[$0]?.id }))
        taken.insert(file.path)
      }
      for applied in sub.applied where refused[applied.finding.id] == nil {
        if let regression = regressionByOrigin[applied.finding.id] {
          plan.applied.append(BackportPlan.Applied(finding: regression, path: applied.path))
        }
      }
    }
  }

  /// Why the sub-plan dropped a finding, from its warning.
  private static func dropReason(of originID: String, in sub: BackportPlan, resource regression: Finding) -> String {
    var origin = regression
    origin.id = originID
    let prefix = dropPrefix(origin)
    let message = sub.diagnostics.lazy.map(\.message).first { $0.hasPrefix(prefix) }
    return message.map { String($0.dropFirst(prefix.count)) } ?? "its runtime patch is not in that capture's analysis"
  }

  /// The bytes of every source file the analysis read, by path.
  private static func sourceBytes(of analysis: Analysis) -> [String: [UInt8]] {
    var bytes: [String: [UInt8]] = [:]
    for resource in analysis.iacResources.values {
      if let file = resource.source, bytes[file.path] == nil { bytes[file.path] = file.bytes }
    }
    for (path, file) in analysis.terraformSources { bytes[path] = file.bytes }
    for context in analysis.cloudFormationContexts.values {
      bytes[context.template.file.path] = context.template.file.bytes
      if let parameters = context.parameterFile { bytes[parameters.file.path] = parameters.file.bytes }
    }
    return bytes
  }
}
