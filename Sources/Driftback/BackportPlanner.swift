public import DriftbackSyntax

/// The edits that carry selected findings into source, each verified.
public struct BackportPlan: Sendable {
  /// The new content of one file.
  public struct FileChange: Sendable {
    /// The file's path.
    public var path: String
    /// The bytes the file held when it was read; `nil` for a new file.
    public var original: [UInt8]?
    /// The bytes to write.
    public var edited: [UInt8]
    /// The findings this change carries, in order.
    public var findingIDs: [String]
    /// Secret texts of the findings this change carries (the literal a secret's back-port moves out of
    /// source, the live value): a diff of the file must not show them, nor anything else that looks like a
    /// credential on its removed and context lines. Empty for a change that carries no secret.
    public var hiddenTexts: [String] = []

    /// Whether a diff of this change must be redacted (and so cannot be applied with `git apply`).
    public var hidesSecrets: Bool { !hiddenTexts.isEmpty }
  }

  /// One finding the plan carries.
  public struct Applied: Sendable {
    /// The finding.
    public var finding: Finding
    /// The file that changes.
    public var path: String
  }

  /// The files to change, sorted by path.
  public var files: [FileChange] = []
  /// The findings carried.
  public var applied: [Applied] = []
  /// Findings that were selected but cannot be back-ported, with why (as warnings).
  public var diagnostics: [Diagnostic] = []
  /// Whether a selected finding was dropped.
  public var hasDropped = false
}

/// Plans, verifies and combines back-port edits.
public struct BackportPlanner: Sendable {
  /// Which findings to take.
  public enum Selection: Sendable {
    /// Every runtime patch and regression whose action is `backport` and whose back-port is possible.
    case defaultBackports
    /// These finding ids (unmanaged objects become new manifests).
    case ids([String])
  }

  /// The limits for re-parsing.
  public var limits: ParseLimits

  /// Creates a planner.
  /// Whether findings named by id whose action is `revert` or `review` are back-ported anyway (`--force`).
  /// Secrets never are.
  public var force: Bool

  /// Creates a planner.
  public init(limits: ParseLimits = .default, force: Bool = false) {
    self.limits = limits
    self.force = force
  }

  /// Plans the back-port of the selected findings.
  /// - Parameters:
  ///   - analysis: the analysis the findings come from.
  ///   - selection: which findings.
  ///   - defaultNamespace: as for the analysis (to find objects again after an edit).
  ///   - newManifestPath: where a new manifest for an unmanaged object goes; `nil` refuses.
  ///   - exists: whether a path exists already (new manifests never overwrite).
  public func plan(
    _ analysis: Analysis, selection: Selection, defaultNamespace: String,
    newManifestPath: (Finding) -> String?, exists: (String) -> Bool
  ) -> BackportPlan {
    var plan = BackportPlan()
    let selected: [Finding]
    switch selection {
    case .defaultBackports:
      selected = analysis.findings.filter {
        ($0.kind == .runtimePatch || $0.kind == .regression) && $0.action == .backport && $0.backport.possible
          && $0.suppressedBy == nil
      }
    case .ids(let ids):
      var chosen: [Finding] = []
      for id in ids {
        let matches = analysis.findings.filter { $0.id == id || ($0.id.hasPrefix(id) && id.count >= 6) }
        if matches.count == 1 {
          chosen.append(matches[0])
        } else {
          plan.hasDropped = true
          plan.diagnostics.append(
            Diagnostic(
              .error,
              matches.isEmpty
                ? "no finding with id '\(id)' in this report" : "finding id '\(id)' is ambiguous; give more digits"))
        }
      }
      selected = chosen
    }

    // Group runtime patches by file; new manifests on their own; Terraform apart.
    var byFile: [String: [Finding]] = [:]
    var terraform: [Finding] = []
    var cloudFormation: [Finding] = []
    var regressions: [Finding] = []
    for finding in selected {
      if let suppression = finding.suppressedBy {
        drop(finding, Self.suppressedReason(suppression), into: &plan)
        continue
      }
      switch finding.kind {
      case .runtimePatch where finding.ecosystem == .terraform:
        if let refusal = refusal(for: finding) {
          drop(finding, refusal, into: &plan)
          continue
        }
        terraform.append(finding)
      case .runtimePatch where finding.ecosystem == .cloudformation:
        if let refusal = refusal(for: finding) {
          drop(finding, refusal, into: &plan)
          continue
        }
        cloudFormation.append(finding)
      case .runtimePatch:
        if let refusal = refusal(for: finding) {
          drop(finding, refusal, into: &plan)
          continue
        }
        guard let resource = analysis.iacResources[finding.resource], let file = resource.source else {
          drop(finding, "its IaC file is not known", into: &plan)
          continue
        }
        byFile[file.path, default: []].append(finding)
      case .unmanaged where finding.ecosystem != .kubernetes:
        drop(finding, finding.backport.reason, into: &plan)
      case .unmanaged where finding.action == .revert && !force:
        drop(finding, finding.backport.reason, into: &plan)
      case .unmanaged:
        planNewManifest(finding, analysis: analysis, path: newManifestPath(finding), exists: exists, into: &plan)
      case .missing:
        drop(finding, "the object is declared but not running: deploy it or delete it from source by hand", into: &plan)
      case .regression:
        regressions.append(finding)
      case .secretInIaC:
        // A credential in the source is moved out by hand; nothing live is carried back.
        drop(finding, finding.backport.reason, into: &plan)
      }
    }

    for path in byFile.keys.sorted() {
      planFile(path, findings: byFile[path] ?? [], analysis: analysis, defaultNamespace: defaultNamespace, into: &plan)
    }
    planTerraform(terraform, analysis: analysis, into: &plan)
    planCloudFormation(cloudFormation, analysis: analysis, into: &plan)
    // Last: a regression's edit comes from another analysis, so it must not touch a file planned above.
    planRegressions(regressions, analysis: analysis, defaultNamespace: defaultNamespace, into: &plan)
    dropSecretWrites(&plan)
    plan.files.sort { $0.path < $1.path }
    return plan
  }

  /// HCL edits, each verified by re-parsing, re-evaluating and re-comparing the whole configuration.
  private func planTerraform(_ findings: [Finding], analysis: Analysis, into plan: inout BackportPlan) {
    guard !findings.isEmpty else { return }
    guard let reevaluate = analysis.terraformReevaluate else {
      for finding in findings { drop(finding, "the Terraform configuration is not loaded", into: &plan) }
      return
    }
    let planner = HCLEditPlanner()
    // Two secrets must never share one variable (their identical declarations would merge into one).
    var references = Set<String>()
    planReevaluated(
      findings, analysis: analysis, sources: analysis.terraformSources, reevaluate: reevaluate, name: "Terraform",
      into: &plan
    ) { finding, change in
      guard let instance = analysis.terraformInstances[finding.resource] else {
        return .failure(BackportRefusal(reason: "its Terraform resource is not known"))
      }
      if finding.involvesSecret {
        // Only a reference is written: the literal becomes a sensitive variable with no default.
        return planner.secretVariable(for: change, instance: instance, files: analysis.terraformSources).flatMap {
          secret in
          guard references.insert(secret.reference).inserted else {
            return .failure(
              BackportRefusal(
                reason:
                  "another secret of this back-port moves to \(secret.reference) already; move this one by hand"))
          }
          return .success(secret.edits)
        }
      }
      return planner.edits(for: change, instance: instance, files: analysis.terraformSources).map { perFile in
        var edits: [String: [SourceEdit]] = [:]
        for item in perFile { edits[item.path, default: []] += item.edits }
        return edits
      }
    }
  }

  /// Template and parameters-file edits, each verified by reloading, re-evaluating and re-comparing every
  /// template.
  private func planCloudFormation(_ findings: [Finding], analysis: Analysis, into plan: inout BackportPlan) {
    guard !findings.isEmpty else { return }
    guard let reevaluate = analysis.cloudFormationReevaluate else {
      for finding in findings { drop(finding, "the CloudFormation templates are not loaded", into: &plan) }
      return
    }
    var sources: [String: SourceFile] = [:]
    for context in analysis.cloudFormationContexts.values {
      sources[context.template.file.path] = context.template.file
      if let parameters = context.parameterFile { sources[parameters.file.path] = parameters.file }
    }
    let planner = CloudFormationEditPlanner()
    planReevaluated(
      findings, analysis: analysis, sources: sources, reevaluate: reevaluate, name: "CloudFormation", into: &plan
    ) { finding, change in
      guard let resource = analysis.cloudFormationResources[finding.resource],
        let context = analysis.cloudFormationContexts[finding.resource]
      else {
        return .failure(BackportRefusal(reason: "its template resource is not known"))
      }
      if finding.involvesSecret {
        // Only a reference is written: the literal becomes a Secrets Manager dynamic reference.
        return planner.secretReference(change, resource: resource, context: context, address: finding.resource).map(
          \.edits)
      }
      let siblings = analysis.changes[finding.resource] ?? []
      return planner.plan(change, resource: resource, context: context, siblings: siblings).map { planned in
        var edits: [String: [SourceEdit]] = [:]
        for item in planned.files { edits[item.path, default: []] += item.edits }
        return edits
      }
    }
  }

  /// Edits that can touch several files, each verified alone and then together by re-evaluating the whole
  /// source with the edited files (`reevaluate`): the finding's change must be gone and no new one may appear.
  private func planReevaluated(
    _ findings: [Finding], analysis: Analysis, sources: [String: SourceFile],
    reevaluate: ([String: [UInt8]]) -> [ResourceAddress: [Change]]?, name: String, into plan: inout BackportPlan,
    edits makeEdits: (Finding, Change) -> Result<[String: [SourceEdit]], BackportRefusal>
  ) {
    var accepted: [(finding: Finding, edits: [String: [SourceEdit]])] = []
    func verify(_ edits: [String: [SourceEdit]], settling settled: [Finding]) -> String? {
      var overrides: [String: [UInt8]] = [:]
      for (path, fileEdits) in edits {
        guard let source = sources[path] else { return "\(path) was not read" }
        guard let bytes = try? SourceEditApplier.apply(Self.combiningInsertions(fileEdits), to: source.bytes) else {
          return "the edits of \(path) overlap"
        }
        overrides[path] = bytes
      }
      guard let after = reevaluate(overrides) else { return "the edited source does not load" }
      for (address, changes) in after {
        let before = Set((analysis.changes[address] ?? []).map { ChangeKey(path: $0.path, kind: $0.kind) })
        let now = Set(changes.map { ChangeKey(path: $0.path, kind: $0.kind) })
        for finding in settled
        where finding.resource == address && now.contains(ChangeKey(path: finding.path, kind: finding.change)) {
          return "the edit does not make \(finding.path) match the live value"
        }
        if let new = now.subtracting(before).sorted(by: { $0.path < $1.path }).first {
          return "the edit would introduce a new difference at \(address) \(new.path)"
        }
      }
      return nil
    }
    for finding in findings {
      guard
        let change = analysis.changes[finding.resource]?.first(where: {
          $0.path == finding.path && $0.kind == finding.change
        })
      else {
        drop(finding, "its change is not known", into: &plan)
        continue
      }
      switch makeEdits(finding, change) {
      case .failure(let refusal):
        drop(finding, refusal.reason, into: &plan)
      case .success(let edits):
        if let problem = verify(edits, settling: [finding]) {
          drop(finding, problem, into: &plan)
          continue
        }
        let overlapping = accepted.contains { other in
          other.edits.contains { path, otherEdits in
            (edits[path] ?? []).contains { b in
              otherEdits.contains { a in
                let bothInsert = a.span.count == 0 && b.span.count == 0 && a.span.start == b.span.start
                return !bothInsert && (a.span.overlaps(b.span) || a.span == b.span)
              }
            }
          }
        }
        if overlapping {
          drop(finding, "its edit overlaps the edit of another finding; run backport again after applying", into: &plan)
          continue
        }
        accepted.append((finding, edits))
      }
    }
    guard !accepted.isEmpty else { return }
    var combined: [String: [SourceEdit]] = [:]
    for item in accepted { for (path, edits) in item.edits { combined[path, default: []] += edits } }
    if let problem = verify(combined, settling: accepted.map(\.finding)) {
      for item in accepted { drop(item.finding, "the combined \(name) edits do not verify: \(problem)", into: &plan) }
      return
    }
    for (path, edits) in combined.sorted(by: { $0.key < $1.key }) {
      guard let source = sources[path],
        let edited = try? SourceEditApplier.apply(Self.combiningInsertions(edits), to: source.bytes)
      else { continue }
      let carried = accepted.filter { $0.edits[path] != nil }.map(\.finding)
      var change = BackportPlan.FileChange(
        path: path, original: source.bytes, edited: edited, findingIDs: carried.map(\.id))
      let replaced = accepted.filter { $0.finding.involvesSecret }.flatMap { $0.edits[path] ?? [] }
      change.hiddenTexts = Self.secretTexts(
        of: carried, analysis: analysis, written: Self.replacedTexts(replaced, in: source.bytes))
      plan.files.append(change)
    }
    for item in accepted {
      plan.applied.append(
        BackportPlan.Applied(finding: item.finding, path: item.edits.keys.sorted().joined(separator: ", ")))
    }
  }

  /// The last guard: a file whose edit would add a line that looks like a credential (an access key, a
  /// private key, a token under a secret-sounding name) is not written, whatever the finding said.
  private func dropSecretWrites(_ plan: inout BackportPlan) {
    let detector = SecretDetector()
    var kept: [BackportPlan.FileChange] = []
    for file in plan.files {
      let before = Set(
        String(decoding: file.original ?? [], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false))
      let added = String(decoding: file.edited, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !before.contains($0) }
      guard added.contains(where: { detector.looksSecret(String($0)) }) else {
        kept.append(file)
        continue
      }
      func touches(_ applied: BackportPlan.Applied) -> Bool {
        applied.path.split(separator: ",").map { String($0.drop(while: { $0 == " " })) }.contains(file.path)
      }
      for applied in plan.applied where touches(applied) {
        drop(applied.finding, "the edit of \(file.path) would write a value that looks like a secret", into: &plan)
      }
      plan.applied.removeAll(where: touches)
    }
    plan.files = kept
  }

  func refusal(for finding: Finding) -> String? {
    if finding.involvesSecret {
      // The classifier found a reference to write instead of the value (a sensitive variable, a dynamic
      // reference, a secretKeyRef): that back-port moves the secret out of source and writes no value.
      if finding.action == .backport && finding.backport.possible { return nil }
      let never = "secret values are never written into source"
      return finding.backport.reason.hasPrefix(never) ? finding.backport.reason : never + ": " + finding.backport.reason
    }
    if force { return nil }
    if finding.action == .revert {
      return
        "the runtime change weakens security (\(finding.security?.rule ?? "rule")); revert it by redeploying the source (name it with --finding and add --force to back-port it anyway)"
    }
    if finding.action == .review || finding.security?.direction == .relevant {
      return
        "no safe automatic answer (\(finding.security.map { "\($0.rule) is unclear" } ?? "review")); edit the source by hand, or name it with --finding and add --force"
    }
    return nil
  }

  /// The secret texts of the secret findings among `findings`: every text of their IaC and live values, as
  /// the unredacted changes hold them, and each line of a text that spans lines (a diff shows lines).
  static func secretTexts(of findings: [Finding], analysis: Analysis, written: [String] = []) -> [String] {
    var texts = Set<String>()
    func insert(_ text: String) {
      guard !text.isEmpty else { return }
      texts.insert(text)
      for line in text.split(whereSeparator: \.isNewline) where line.count >= 4 && line.count < text.count {
        texts.insert(String(line))
      }
    }
    func collect(_ value: Value?) {
      guard let value else { return }
      switch value.kind {
      case .list(let items): items.forEach(collect)
      case .map(let map): for entry in map.entries { collect(entry.value) }
      default: value.scalarText.map(insert)
      }
    }
    // The literal as the source spells it (quotes, escapes), which its decoded value does not match.
    written.forEach(insert)
    for finding in findings where finding.involvesSecret {
      for change in analysis.changes[finding.resource] ?? [] where change.path == finding.path {
        collect(change.iac)
        collect(change.live)
      }
    }
    // Longest first: a text that holds another is hidden whole.
    return texts.sorted { ($0.count, $0) > ($1.count, $1) }
  }

  /// The source text each edit replaces (insertions replace none), inside its quotes when it is quoted, so
  /// that the marker of a plain literal stays the marker of its value.
  static func replacedTexts(_ edits: [SourceEdit], in bytes: [UInt8]) -> [String] {
    edits.compactMap { edit in
      guard edit.span.start < edit.span.end, edit.span.end <= bytes.count else { return nil }
      var text = bytes[edit.span.start..<edit.span.end]
      if text.count >= 2, let first = text.first, first == text.last, first == 0x22 || first == 0x27 {
        text = text.dropFirst().dropLast()
      }
      return String(decoding: text, as: UTF8.self)
    }
  }

  /// Why a suppressed finding is not back-ported.
  static func suppressedReason(_ suppression: Suppression) -> String {
    "it is suppressed by the ignore rule at \(suppression.location.file):\(suppression.location.line) "
      + "(\(suppression.reason)); remove or narrow the rule to back-port it"
  }

  func drop(_ finding: Finding, _ reason: String, into plan: inout BackportPlan) {
    plan.hasDropped = true
    plan.diagnostics.append(
      Diagnostic(.warning, Self.dropPrefix(finding) + reason, location: finding.source?.location))
  }

  /// The start of the warning about a dropped finding; the reason follows.
  static func dropPrefix(_ finding: Finding) -> String {
    "not back-porting \(finding.id) (\(finding.resource) \(finding.path)): "
  }

  private func planFile(
    _ path: String, findings: [Finding], analysis: Analysis, defaultNamespace: String, into plan: inout BackportPlan
  ) {
    guard let file = findings.first.flatMap({ analysis.iacResources[$0.resource]?.source }) else { return }
    let planner = YAMLEditPlanner()
    var accepted: [(finding: Finding, edits: [SourceEdit])] = []
    // The differences a secret's back-port leaves on purpose: live still holds the literal value that the
    // manifest now takes from a Secret.
    var substitutions: [ResourceAddress: Set<ChangeKey>] = [:]
    for finding in findings {
      guard let resource = analysis.iacResources[finding.resource],
        let change = analysis.changes[finding.resource]?.first(where: {
          $0.path == finding.path && $0.kind == finding.change
        })
      else {
        drop(finding, "its change is not known", into: &plan)
        continue
      }
      let planned: Result<[SourceEdit], BackportRefusal>
      var substitution: Set<ChangeKey> = []
      if finding.involvesSecret {
        let secretName = KubernetesClassifier.secretName(for: resource)
        switch planner.secretKeyReference(for: change, in: resource.value, file: file, secretName: secretName) {
        case .success(let reference):
          planned = .success(reference.edits)
          substitution = [
            ChangeKey(path: change.path, kind: .added), ChangeKey(path: reference.valueFrom, kind: .removed),
          ]
        case .failure(let refusal):
          planned = .failure(refusal)
        }
      } else {
        planned = planner.edits(for: change, in: resource.value, file: file)
      }
      switch planned {
      case .failure(let refusal):
        drop(finding, refusal.reason, into: &plan)
      case .success(let edits):
        var allowed = substitutions
        allowed[finding.resource, default: []].formUnion(substitution)
        if let problem = verify(
          [(finding, edits)], file: file, analysis: analysis, defaultNamespace: defaultNamespace, allowing: allowed)
        {
          drop(finding, problem, into: &plan)
          continue
        }
        // Two insertions at the same offset (two keys added to one map) combine; anything else that
        // touches the same bytes is refused.
        let overlapping = accepted.contains { other in
          other.edits.contains { a in
            edits.contains { b in
              let bothInsertAtSamePlace = a.span.count == 0 && b.span.count == 0 && a.span.start == b.span.start
              return !bothInsertAtSamePlace && (a.span.overlaps(b.span) || a.span == b.span)
            }
          }
        }
        if overlapping {
          drop(
            finding,
            "its edit overlaps the edit of another finding in the same place; run backport again after applying",
            into: &plan)
          continue
        }
        accepted.append((finding, edits))
        substitutions = allowed
      }
    }
    guard !accepted.isEmpty else { return }
    if let problem = verify(
      accepted, file: file, analysis: analysis, defaultNamespace: defaultNamespace, allowing: substitutions)
    {
      for item in accepted {
        drop(item.finding, "the combined edits of \(path) do not verify: \(problem)", into: &plan)
      }
      return
    }
    guard let edited = try? SourceEditApplier.apply(Self.combiningInsertions(accepted.flatMap(\.edits)), to: file.bytes)
    else { return }
    var change = BackportPlan.FileChange(
      path: path, original: file.bytes, edited: edited, findingIDs: accepted.map(\.finding.id))
    let replaced = accepted.filter { $0.finding.involvesSecret }.flatMap(\.edits)
    change.hiddenTexts = Self.secretTexts(
      of: accepted.map(\.finding), analysis: analysis, written: Self.replacedTexts(replaced, in: file.bytes))
    plan.files.append(change)
    plan.applied.append(contentsOf: accepted.map { BackportPlan.Applied(finding: $0.finding, path: path) })
  }

  /// Re-parses the edited text and compares every affected object with its live counterpart again: each
  /// finding's change must be gone and no new change may appear but those `allowing` names for an address
  /// (a secret's literal value replaced by a reference). Returns the problem, or `nil`.
  fileprivate func verify(
    _ items: [(finding: Finding, edits: [SourceEdit])], file: SourceFile, analysis: Analysis, defaultNamespace: String,
    allowing: [ResourceAddress: Set<ChangeKey>] = [:]
  ) -> String? {
    let edited: [UInt8]
    do {
      edited = try SourceEditApplier.apply(Self.combiningInsertions(items.flatMap(\.edits)), to: file.bytes)
    } catch {
      return "\(error)"
    }
    let reparsed = SourceFile(path: file.path, bytes: edited)
    var objects: [ResourceAddress: Value] = [:]
    do {
      _ = try KubernetesDocumentReader(limits: limits).read(reparsed) { object in
        if let address = KubernetesIdentity.address(of: object.value, defaultNamespace: defaultNamespace) {
          objects[address] = object.value
        }
      }
    } catch let diagnostic as Diagnostic {
      return "the edited file does not parse: \(diagnostic.message)"
    } catch {
      return "the edited file does not parse"
    }
    let settled = Dictionary(grouping: items.map(\.finding), by: \.resource)
    for (address, findings) in settled {
      guard let object = objects[address], let live = analysis.liveObjects[address] else {
        return "\(address) is not found in the edited file"
      }
      let before = Set((analysis.changes[address] ?? []).map { ChangeKey(path: $0.path, kind: $0.kind) })
      let after = Set(
        KubernetesComparison.compare(iac: object, live: live).map { ChangeKey(path: $0.path, kind: $0.kind) })
      for finding in findings where after.contains(ChangeKey(path: finding.path, kind: finding.change)) {
        return "the edit does not make \(finding.path) match the live value"
      }
      let unexpected = after.subtracting(before).subtracting(allowing[address] ?? [])
      if let new = unexpected.sorted(by: { $0.path < $1.path }).first {
        return "the edit would introduce a new difference at \(new.path)"
      }
    }
    return nil
  }

  /// Insertions at the same offset become one insertion, in the order given (identical ones once).
  static func combiningInsertions(_ edits: [SourceEdit]) -> [SourceEdit] {
    var result: [SourceEdit] = []
    var insertionIndex: [Int: Int] = [:]
    for edit in edits {
      guard edit.span.count == 0 else {
        result.append(edit)
        continue
      }
      if let index = insertionIndex[edit.span.start] {
        if !result[index].replacement.hasSuffix(edit.replacement) { result[index].replacement += edit.replacement }
      } else {
        insertionIndex[edit.span.start] = result.count
        result.append(edit)
      }
    }
    return result
  }

  private func planNewManifest(
    _ finding: Finding, analysis: Analysis, path: String?, exists: (String) -> Bool, into plan: inout BackportPlan
  ) {
    if finding.involvesSecret {
      drop(finding, "the object holds secret values, which are never written into source", into: &plan)
      return
    }
    guard let live = analysis.liveObjects[finding.resource], let path else {
      drop(finding, "no place for a new manifest; give --iac", into: &plan)
      return
    }
    if exists(path) {
      drop(finding, "\(path) exists already; not overwriting it", into: &plan)
      return
    }
    let cleaned = KubernetesComparison.clean(live: live)
    let text = "# Back-ported by driftback from the live object \(finding.resource)\n" + YAMLRenderer.document(cleaned)
    let bytes = Array(text.utf8)
    // Verify: the new manifest must parse back to an object with no difference from the live one.
    var reparsed: Value?
    _ = try? KubernetesDocumentReader(limits: limits).read(SourceFile(path: path, bytes: bytes)) { object in
      reparsed = object.value
    }
    guard let reparsed, KubernetesComparison.compare(iac: reparsed, live: live).isEmpty else {
      drop(finding, "the rendered manifest does not match the live object", into: &plan)
      return
    }
    if let security = finding.security, security.direction == .weakens {
      plan.diagnostics.append(
        Diagnostic(
          .warning,
          "\(finding.resource) weakens security (\(security.rule): \(security.summary)); codifying it keeps the weakness, deleting it from the cluster may be the better answer",
          location: SourceLocation(file: path, line: 1, column: 1)))
    }
    plan.files.append(BackportPlan.FileChange(path: path, original: nil, edited: bytes, findingIDs: [finding.id]))
    plan.applied.append(BackportPlan.Applied(finding: finding, path: path))
  }
}

private struct ChangeKey: Hashable {
  var path: ValuePath
  var kind: Change.Kind
}
