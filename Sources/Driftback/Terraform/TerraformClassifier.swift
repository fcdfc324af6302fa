public import DriftbackSyntax

/// Turns Terraform changes into findings: security judgement, sensitive values, where the value is set.
struct TerraformClassifier {
  let redactor: Redactor
  let captureLabel: String?
  let read: FileReader
  /// The configuration's files, to ask the HCL edit planner whether a back-port can be written.
  let sources: [String: SourceFile]
  let detector = SecretDetector()
  /// One planner for the whole run: each file is parsed once.
  let planner = HCLEditPlanner()

  /// The IaC resource for reports (its block's file and position).
  func resource(for instance: TerraformConfiguredInstance) -> Resource {
    let file = source(instance.file)
    return Resource(
      address: ResourceAddress(ecosystem: .terraform, text: instance.address), value: instance.values,
      source: file, span: instance.blockSpan, isEditable: false)
  }

  func runtimePatches(_ changes: [Change], configured: TerraformConfiguredInstance, live: TerraformLiveInstance)
    -> [Finding]
  {
    let address = ResourceAddress(ecosystem: .terraform, text: configured.address)
    let sensitive = live.sensitivePaths + configured.sensitivePaths
    return changes.map { change in
      // Secret when marked sensitive, when the detector sees a credential, or when a text sits under a
      // secret-sounding name (`tags.db_password`, `master_password`) that neither caught.
      let secret =
        sensitive.contains { $0.isPrefix(of: change.path) || change.path.isPrefix(of: $0) }
        || change.iac.map(detector.containsSecret) ?? false || change.live.map(detector.containsSecret) ?? false
        || (Self.namesSecret(change.path) && (change.iac?.string != nil || change.live?.string != nil))
      let security = TerraformSecurityRules.assess(
        change, type: configured.type, iac: configured.values, live: live.values)
      let (location, origin) = provenance(of: change.path, in: configured)
      let action: Finding.Action
      let backport: Finding.BackportAvailability
      if secret {
        (action, backport) = secretBackport(change, configured)
      } else if security?.direction == .weakens {
        action = .revert
        backport = .init(
          possible: false, reason: "the change weakens a security control; run terraform apply to undo it")
      } else if security?.direction == .relevant {
        action = .review
        backport = .init(possible: false, reason: "security-relevant change with no clear safer side; decide by hand")
      } else {
        action = .backport
        // The edit planner decides: it knows which expressions it can edit (a literal, a variable's
        // value, an object literal inside merge()). A hashed attribute never gets its hash written back.
        let hashed: Bool =
          if case .key(let key)? = change.path.segments.first {
            TerraformComparison.storesHash(type: configured.type, key: key)
          } else { false }
        switch hashed
          ? .failure(
            BackportRefusal(
              reason: "the provider keeps only a hash of this value; the text cannot be recovered from it"))
          : planner.edits(for: change, instance: configured, files: sources)
        {
        case .success(let edits):
          let files = Set(edits.map(\.path)).sorted().joined(separator: ", ")
          // A value from a variable is edited where the variable gets it: say so.
          let via = origin.hasPrefix("comes from var.") ? origin + "; " : ""
          backport = .init(possible: true, reason: via + "edit \(files)")
        case .failure(let refusal):
          backport = .init(possible: false, reason: refusal.reason)
        }
      }
      return Finding(
        id: Finding.makeID(kind: .runtimePatch, resource: address, path: change.path), kind: .runtimePatch,
        resource: address, path: change.path, change: change.kind,
        iac: change.iac.map { secret ? redactor.redactAll($0) : redactor.redactDetected($0) },
        live: change.live.map { secret ? redactor.redactAll($0) : redactor.redactDetected($0) },
        source: location, severity: security?.severity ?? .medium, security: security, action: action,
        backport: backport, firstSeen: captureLabel, involvesSecret: secret)
    }
  }

  func missing(_ instance: TerraformConfiguredInstance) -> Finding {
    let address = ResourceAddress(ecosystem: .terraform, text: instance.address)
    let (location, _) = provenance(of: .root, in: instance)
    return Finding(
      id: Finding.makeID(kind: .missing, resource: address, path: .root), kind: .missing, resource: address,
      path: .root, change: .removed, iac: nil, live: nil, source: location, severity: .medium, security: nil,
      action: .review,
      backport: .init(possible: false, reason: "in code, not in state: apply it, or remove it from the code"),
      firstSeen: captureLabel, involvesSecret: false)
  }

  func unmanaged(_ instance: TerraformLiveInstance) -> Finding {
    let address = ResourceAddress(ecosystem: .terraform, text: instance.address)
    let security = AWSSecurityRules.riskOfUnmanaged(type: instance.type, properties: instance.values)
    let reason =
      security.map {
        "in state, not in code, and it weakens security (\($0.rule)): terraform destroy -target it, or import it into code and fix it"
      }
      ?? "in state, not in code: removed from the source but still deployed; add it back or terraform state rm / destroy it"
    return Finding(
      id: Finding.makeID(kind: .unmanaged, resource: address, path: .root), kind: .unmanaged, resource: address,
      path: .root, change: .added, iac: nil, live: nil, source: nil, severity: security?.severity ?? .medium,
      security: security, action: security == nil ? .review : .revert,
      backport: .init(possible: false, reason: reason), firstSeen: captureLabel, involvesSecret: false)
  }

  /// Where the value at `path` is set, and a sentence about it.
  func provenance(of path: ValuePath, in instance: TerraformConfiguredInstance) -> (Provenance?, String) {
    var probe: ValuePath? = path
    while let current = probe {
      if let origin = instance.origins[current] {
        switch origin {
        case .literal(let file, let span):
          return (location(file, span, current, exact: current == path), "written at \(file)")
        case .variable(let name, let file, let span, let via):
          return (
            location(file, span, current, exact: current == path),
            "comes from var.\(name), set by its \(via) in \(file)"
          )
        case .expression(let text, let file, let span):
          // One line, however the expression is laid out in the file.
          let flat = text.split(whereSeparator: { $0 == "\n" || $0 == " " || $0 == "\t" }).joined(separator: " ")
          let shown = flat.count > 60 ? String(flat.prefix(60)) + "…" : flat
          return (
            location(file, span, current, exact: current == path),
            "computed by the expression `\(shown)` in \(file), which is not back-portable"
          )
        }
      }
      probe = current.parent
    }
    return (
      location(instance.file, instance.blockSpan, .root, exact: path.isRoot), "set in the block at \(instance.file)"
    )
  }

  /// A file of the configuration, read once by the analyzer (read again only when it was not).
  func source(_ path: String) -> SourceFile? {
    sources[path] ?? (try? read(path))
  }

  func location(_ file: String, _ span: ByteSpan, _ path: ValuePath, exact: Bool) -> Provenance? {
    guard let source = source(file) else { return nil }
    return Provenance(file: file, location: source.location(of: span.start), path: path, isExact: exact)
  }
}
