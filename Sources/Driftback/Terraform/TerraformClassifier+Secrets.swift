extension TerraformClassifier {
  /// `secret-in-iac` findings: credentials written as literals in `.tf` files, variable defaults or
  /// variable files. A value computed by an expression (read from state, a data source) is not in the
  /// source and never counts; a literal used by several instances is reported once, at its first use.
  /// The texts found are added to `texts`.
  func secretsInSource(_ instances: [TerraformConfiguredInstance], texts: inout Set<String>) -> [Finding] {
    let scanner = SecretInIaCScanner()
    var seen = Set<String>()
    var findings: [Finding] = []
    for instance in instances {
      let address = ResourceAddress(ecosystem: .terraform, text: instance.address)
      for hit in scanner.scan(instance.values) {
        guard let origin = literalOrigin(of: hit.path, in: instance) else { continue }
        guard seen.insert("\(origin.file)\n\(origin.span.start)").inserted else { continue }
        texts.insert(hit.text)
        let (location, _) = provenance(of: hit.path, in: instance)
        findings.append(
          SecretInIaCScanner.finding(
            resource: address, path: hit.path, text: hit.text, source: location, redactor: redactor,
            captureLabel: captureLabel))
      }
    }
    return findings
  }

  /// The origin of a value when it is written in the source (a literal, or a variable's default or
  /// variable-file value), nil when an expression computes it.
  func literalOrigin(of path: ValuePath, in instance: TerraformConfiguredInstance) -> TerraformValueOrigin? {
    var probe: ValuePath? = path
    while let current = probe {
      if let origin = instance.origins[current] {
        switch origin {
        case .literal, .variable: return origin
        case .expression: return nil
        }
      }
      probe = current.parent
    }
    return nil
  }
}

extension TerraformClassifier {
  /// The action for a runtime patch of a secret: a literal in the resource block moves out of source into a
  /// sensitive variable (always safer than keeping it, so it is a back-port); anything else is reviewed, with
  /// why and what to do instead. The secret itself is never written.
  func secretBackport(_ change: Change, _ configured: TerraformConfiguredInstance) -> (
    Finding.Action, Finding.BackportAvailability
  ) {
    switch planner.secretVariable(for: change, instance: configured, files: sources) {
    case .success(let plan):
      return (.backport, .init(possible: true, reason: plan.reason))
    case .failure(let refusal):
      return (.review, .init(possible: false, reason: "secret values are never written into source: " + refusal.reason))
    }
  }

  /// Whether a key of the path says its value is secret.
  static func namesSecret(_ path: ValuePath) -> Bool {
    path.segments.contains { segment in
      if case .key(let key) = segment { return SecretDetector.isSecretName(key) }
      return false
    }
  }
}
