/// Turns changes into findings: security judgement, secrets, severity, action and back-port availability.
struct KubernetesClassifier: Sendable {
  let redactor: Redactor
  let captureLabel: String?
  let detector = SecretDetector()

  /// Findings for the changes of a drifted resource.
  func runtimePatches(_ changes: [Change], resource: Resource) -> [Finding] {
    let kind = resource.value["kind"]?.string ?? ""
    return changes.map { change in
      let secret =
        detector.isSecretPath(change.path, kind: kind, in: resource.value)
        || change.iac.map(detector.containsSecret) ?? false || change.live.map(detector.containsSecret) ?? false
      let security = KubernetesSecurityRules.assess(change, kind: kind)
      let action: Finding.Action
      let backport: Finding.BackportAvailability
      if secret {
        (action, backport) = Self.secretBackport(change, resource: resource, kind: kind)
      } else if security?.direction == .weakens {
        action = .revert
        backport = .init(
          possible: false,
          reason: "the runtime change weakens a security control; redeploy the source to undo it")
      } else if security?.direction == .relevant {
        action = .review
        backport = .init(possible: false, reason: "security-relevant change with no clear safer side; decide by hand")
      } else {
        action = .backport
        backport = Self.editability(of: change, in: resource)
      }
      return Finding(
        id: Finding.makeID(kind: .runtimePatch, resource: resource.address, path: change.path),
        kind: .runtimePatch, resource: resource.address, path: change.path, change: change.kind,
        iac: change.iac.map { redacted($0, secret: secret) }, live: change.live.map { redacted($0, secret: secret) },
        source: resource.provenance(of: change.path),
        severity: security?.severity ?? Self.defaultSeverity(of: change.path), security: security, action: action,
        backport: backport, firstSeen: captureLabel, involvesSecret: secret)
    }
  }

  /// The finding for an IaC object that is not running.
  func missing(_ resource: Resource) -> Finding {
    let kind = resource.value["kind"]?.string ?? ""
    let change = Change(path: .root, kind: .removed, iac: resource.value, live: nil)
    let security = KubernetesSecurityRules.assess(change, kind: kind)
    let weakens = security?.direction == .weakens
    return Finding(
      id: Finding.makeID(kind: .missing, resource: resource.address, path: .root), kind: .missing,
      resource: resource.address, path: .root, change: .removed,
      iac: redacted(resource.value.withoutSpans, secret: SecretDetector.isSecretKind(kind)), live: nil,
      source: resource.provenance(of: .root), severity: security?.severity ?? .medium, security: security,
      action: weakens ? .revert : .review,
      backport: .init(
        possible: false,
        reason: weakens
          ? "the object is gone from the cluster and it protects something; redeploy the source"
          : "the object is declared but not running: deploy it, or delete it from the source"),
      firstSeen: captureLabel, involvesSecret: SecretDetector.isSecretKind(kind))
  }

  /// The finding for a live object that no IaC declares.
  func unmanaged(_ address: ResourceAddress, live: Value) -> Finding {
    let kind = live["kind"]?.string ?? ""
    let cleaned = KubernetesComparison.clean(live: live)
    let security = KubernetesSecurityRules.assess(
      Change(path: .root, kind: .added, iac: nil, live: cleaned), kind: kind)
    let secret = SecretDetector.isSecretKind(kind) || detector.containsSecret(cleaned)
    return Finding(
      id: Finding.makeID(kind: .unmanaged, resource: address, path: .root), kind: .unmanaged, resource: address,
      path: .root, change: .added, iac: nil, live: redacted(cleaned, secret: SecretDetector.isSecretKind(kind)),
      source: nil,
      // An object that is itself a risk (a privileged pod) is to be removed: revert.
      severity: security?.severity ?? .medium, security: security,
      action: security?.direction == .weakens ? .revert : .review,
      backport: secret
        ? .init(possible: false, reason: "the object holds secret values, which are never written into source")
        : security?.direction == .weakens
          ? .init(
            possible: false,
            reason:
              "it weakens security (\(security?.rule ?? "")): delete it from the cluster; name it with --finding and --force to write it as a manifest anyway"
          )
          : .init(
            possible: true,
            reason: "name it with --finding to write it as a new manifest, or delete it from the cluster"),
      firstSeen: captureLabel, involvesSecret: secret)
  }

  // MARK: - Secrets

  /// The action for a runtime patch of a secret: a container's literal secret environment value moves out of
  /// the manifest into a `secretKeyRef` (always safer than keeping it, so it is a back-port); a Secret's data
  /// and anything else is reviewed, with why. The value itself is never written.
  static func secretBackport(_ change: Change, resource: Resource, kind: String) -> (
    Finding.Action, Finding.BackportAvailability
  ) {
    if SecretDetector.isSecretKind(kind) {
      return (
        .review,
        .init(
          possible: false,
          reason:
            "Secret data is never written into manifests: manage the Secret with an external secret operator "
            + "(ExternalSecret) or a SealedSecret, and rotate it there")
      )
    }
    let never = "secret values are never written into source"
    guard Self.isEnvironmentValue(change.path) else {
      return (.review, .init(possible: false, reason: never + "; rotate the secret where it is managed"))
    }
    guard resource.isEditable, let file = resource.source else {
      return (.review, .init(possible: false, reason: never + "; the manifest has no editable source location"))
    }
    let secretName = Self.secretName(for: resource)
    switch YAMLEditPlanner().secretKeyReference(
      for: change, in: resource.value, file: file, secretName: secretName)
    {
    case .success:
      return (.backport, .init(possible: true, reason: secretKeyReason(change, resource: resource, file: file.path)))
    case .failure(let refusal):
      return (.review, .init(possible: false, reason: never + ": " + refusal.reason))
    }
  }

  /// Whether the path is a container environment variable's `value` (`….env[name=X].value`).
  static func isEnvironmentValue(_ path: ValuePath) -> Bool {
    let segments = path.segments
    guard segments.count >= 3, segments.last == .key("value"), segments[segments.count - 3] == .key("env"),
      case .item = segments[segments.count - 2]
    else { return false }
    return true
  }

  /// The Secret a workload's literal secret environment values move to: `<name>-secrets`.
  static func secretName(for resource: Resource) -> String {
    let name = resource.address.text.split(separator: "/").last.map(String.init) ?? "workload"
    return name + "-secrets"
  }

  /// What to do after the back-port: create the Secret with the live value, without writing it anywhere.
  static func secretKeyReason(_ change: Change, resource: Resource, file: String) -> String {
    let secret = secretName(for: resource)
    var key = "VALUE"
    if case .item(let fields) = change.path.segments.dropLast().last, let name = fields.first?.value { key = name }
    let parts = resource.address.text.split(separator: "/").map(String.init)
    let namespace = parts.count == 3 ? " -n \(parts[1])" : ""
    return
      "replace the literal value with valueFrom.secretKeyRef (Secret \(secret), key \(key)) in \(file); create "
      + "Secret \(secret) with key \(key) holding the live value (kubectl create secret generic \(secret)\(namespace) "
      + "--from-file=\(key)=<a file holding the value, deleted afterwards>) before the next deploy"
  }

  func redacted(_ value: Value, secret: Bool) -> Value {
    secret ? redactor.redactAll(value) : redactor.redactDetected(value)
  }

  static func defaultSeverity(of path: ValuePath) -> Finding.Severity {
    guard let first = path.segments.first else { return .medium }
    if first == .key("metadata") { return .low }
    if case .key(let last) = path.segments.last, last == "replicas" { return .low }
    return .medium
  }

  static func editability(of change: Change, in resource: Resource) -> Finding.BackportAvailability {
    let provenance = resource.provenance(of: change.path)
    guard resource.isEditable, let location = provenance.location else {
      return .init(possible: false, reason: "the IaC value has no editable source location")
    }
    switch change.kind {
    case .changed: return .init(possible: true, reason: "set the value at \(location)")
    case .added:
      return .init(
        possible: true,
        reason: "add it under \(provenance.path.isRoot ? "the object" : provenance.path.description) at \(location)")
    case .removed: return .init(possible: true, reason: "remove it at \(location)")
    }
  }
}
