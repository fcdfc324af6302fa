public import DriftbackSyntax

/// Turns CloudFormation changes into findings: security judgement, secrets, where the value is set, and
/// whether the back-port can be written.
struct CloudFormationClassifier {
  let redactor: Redactor
  let captureLabel: String?
  let detector = SecretDetector()
  let planner = CloudFormationEditPlanner()

  /// The IaC resource for reports: the resource's map in its template.
  func resource(_ item: CloudFormationAnalyzer.Compared) -> Resource {
    let template = item.context.template
    return Resource(
      address: item.address, value: item.context.resource(item.resource.logicalId) ?? .null, source: template.file,
      span: item.resource.span, isEditable: false)
  }

  func runtimePatches(_ item: CloudFormationAnalyzer.Compared) -> [Finding] {
    let template = item.context.template
    let removedRules = CloudFormationEditPlanner.removedRules(in: item.changes, resource: item.resource)
    return item.changes.map { change in
      let origin = CloudFormationEditPlanner.origin(of: change.path, in: item.resource)
      var noEcho = false
      if case .parameter(let name, _, _)? = origin?.1 {
        // Anything but an explicit false counts: a mistyped NoEcho must not expose the value.
        noEcho =
          CloudFormationTemplate.isNoEcho(template.parameters[name])
      }
      let secretPath = Self.isSecretPath(change.path)
      let sensitive = item.resource.sensitivePaths.contains {
        $0.isPrefix(of: change.path) || change.path.isPrefix(of: $0)
      }
      let secret =
        noEcho || sensitive || secretPath || change.iac.map(detector.containsSecret) ?? false
        || change.live.map(detector.containsSecret) ?? false
      let security = CloudFormationSecurityRules.assess(
        change, type: item.resource.type, iac: item.resource.properties, live: item.live?.properties)
      let action: Finding.Action
      let backport: Finding.BackportAvailability
      if secret {
        // A literal secret moves out of the template into a dynamic reference; anything else is reviewed.
        switch planner.secretReference(
          change, resource: item.resource, context: item.context, address: item.address)
        {
        case .success(let plan):
          action = .backport
          backport = .init(possible: true, reason: plan.reason)
        case .failure(let refusal):
          action = .review
          backport = .init(possible: false, reason: "secret values are never written into source: " + refusal.reason)
        }
      } else if security?.direction == .weakens {
        action = .revert
        backport = .init(
          possible: false,
          reason:
            "the change weakens a security control: undo it in AWS (an update-stack with an unchanged template does not reset it), or declare the property in the template and update the stack"
        )
      } else if security?.direction == .relevant {
        action = .review
        backport = .init(possible: false, reason: "security-relevant change with no clear safer side; decide by hand")
      } else {
        action = .backport
        switch planner.plan(change, resource: item.resource, context: item.context, removedRules: removedRules) {
        case .success(let plan): backport = .init(possible: true, reason: plan.summary)
        case .failure(let refusal): backport = .init(possible: false, reason: refusal.reason)
        }
      }
      return Finding(
        id: Finding.makeID(kind: .runtimePatch, resource: item.address, path: change.path), kind: .runtimePatch,
        resource: item.address, path: change.path, change: change.kind,
        iac: change.iac.map { secret ? redactor.redactAll($0) : redactor.redactDetected($0) },
        live: change.live.map { secret ? redactor.redactAll($0) : redactor.redactDetected($0) },
        source: provenance(of: change.path, in: item, origin: origin), severity: security?.severity ?? .medium,
        security: security, action: action, backport: backport, firstSeen: captureLabel, involvesSecret: secret)
    }
  }

  /// CloudFormation properties that hold secrets whatever their value looks like.
  static let secretProperties: Set<String> = [
    "MasterUserPassword", "Password", "AuthToken", "SecretString", "MasterUserSecret", "SecretToken",
    "ClientSecret", "PrivateKey", "Passphrase", "AdminPassword", "DbPassword", "ApiKey", "SecretAccessKey",
    "Passwords", "OAuthToken", "AccessToken", "ConnectionString",
  ]

  /// Whether a key on the path, or the name of a keyed item (`Tags[Key=token]`, an environment variable
  /// `[Name=DB_PASSWORD]`), says the value is secret.
  static func isSecretPath(_ path: ValuePath) -> Bool {
    for segment in path.segments {
      switch segment {
      case .key(let key):
        if secretProperties.contains(key) || SecretDetector.isSecretName(key) { return true }
      case .item(let fields):
        for field in fields where ["Key", "Name", "ParameterKey", "name"].contains(field.name) {
          if SecretDetector.isSecretName(field.value) { return true }
        }
      case .index:
        continue
      }
    }
    return false
  }

  func missing(_ item: CloudFormationAnalyzer.Compared) -> Finding {
    Finding(
      id: Finding.makeID(kind: .missing, resource: item.address, path: .root), kind: .missing,
      resource: item.address, path: .root, change: .removed, iac: nil, live: nil,
      source: provenance(of: .root, in: item, origin: nil), severity: .medium, security: nil, action: .review,
      backport: .init(
        possible: false,
        reason: "in the template, not in AWS: deleted behind CloudFormation's back; update the stack to recreate it"),
      firstSeen: captureLabel, involvesSecret: false)
  }

  func unmanaged(_ live: CloudFormationLiveResource) -> Finding {
    let address = ResourceAddress(ecosystem: .cloudformation, text: "\(live.type)/\(live.physicalId)")
    let security = AWSSecurityRules.riskOfUnmanaged(type: live.type, properties: live.properties)
    let secret = detector.containsSecret(live.properties)
    return Finding(
      id: Finding.makeID(kind: .unmanaged, resource: address, path: .root), kind: .unmanaged, resource: address,
      path: .root, change: .added, iac: nil,
      live: secret ? redactor.redactAll(live.properties) : redactor.redactDetected(live.properties), source: nil,
      severity: security?.severity ?? .medium, security: security,
      action: security?.direction == .weakens ? .revert : .review,
      backport: .init(
        possible: false,
        reason: security?.direction == .weakens
          ? "in AWS, in no stack, and it weakens security (\(security?.rule ?? "")): delete it"
          : "in AWS, in no stack: import it into a stack (resource import), or delete it"),
      firstSeen: captureLabel, involvesSecret: secret)
  }

  /// Where the value is set: the parameter's value for a `Ref`, else the value in the resource (or its
  /// nearest written parent).
  func provenance(
    of path: ValuePath, in item: CloudFormationAnalyzer.Compared, origin: (ValuePath, CloudFormationValueOrigin)?
  ) -> Provenance? {
    let template = item.context.template
    if case .parameter(let name, let file, let span)? = origin?.1, let span {
      if item.context.parametersWereDeployed, let parameters = item.context.parameterFile, parameters.file.path == file
      {
        // Deployed values have no file: the parameter's declaration is where to look.
        let declaration = template.parameters.entry(name)
        return Provenance(
          file: template.file.path,
          location: (declaration?.keySpan?.start).map { template.file.location(of: $0) },
          path: ValuePath([.key("Parameters"), .key(name)]), isExact: false)
      }
      if let file, let parameters = item.context.parameterFile, parameters.file.path == file {
        return Provenance(file: file, location: parameters.file.location(of: span.start), path: path, isExact: true)
      }
      return Provenance(
        file: template.file.path, location: template.file.location(of: span.start),
        path: ValuePath([.key("Parameters"), .key(name), .key("Default")]), isExact: true)
    }
    let raw = resource(item)
    let indexed = CloudFormationComparison.indexPath(path, in: item.resource.properties)
    var found = raw.provenance(of: ValuePath([.key("Properties")] + indexed.segments))
    // Paths are told relative to Properties, as in the finding; a rule's index becomes its name again.
    found.path = found.isExact ? path : ValuePath(Array(path.segments.prefix(max(found.path.segments.count - 1, 0))))
    return found
  }
}
