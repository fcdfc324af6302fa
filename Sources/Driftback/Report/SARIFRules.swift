/// The `tool.driver.rules` of the SARIF report: one rule per finding kind, then every rule of the security
/// catalogues (Kubernetes, and the AWS rules Terraform and CloudFormation share), then any rule a finding
/// names that no catalogue has; each group sorted by id. A result names its rule by id and by index here.
struct SARIFRules {
  /// The reporting descriptors, in order.
  private(set) var descriptors: [Value] = []
  /// The index of each rule id in ``descriptors``.
  private(set) var index: [String: Int] = [:]

  /// The rules for a report with these findings.
  init(findings: [Finding]) {
    for kind in Finding.Kind.allCases { add(Self.kindRule(kind)) }
    var catalogue: [Entry] = []
    for rule in KubernetesSecurityRules.all {
      catalogue.append(Entry(id: rule.id, severity: rule.severity, summary: rule.summary, tags: ["kubernetes"]))
    }
    for rule in AWSSecurityRules.all {
      catalogue.append(
        Entry(
          id: rule.id, severity: rule.severity, summary: rule.summary, tags: ["aws", "cloudformation", "terraform"]))
    }
    for entry in catalogue.sorted(by: { $0.id < $1.id }) where index[entry.id] == nil { add(Self.securityRule(entry)) }
    // A rule a finding names that no catalogue lists (made up by a test, or from a newer catalogue).
    var extra: [String: Entry] = [:]
    for finding in findings {
      guard let security = finding.security, index[security.rule] == nil, extra[security.rule] == nil else { continue }
      extra[security.rule] = Entry(id: security.rule, severity: security.severity, summary: security.summary, tags: [])
    }
    for id in extra.keys.sorted() {
      if let entry = extra[id] { add(Self.securityRule(entry)) }
    }
  }

  /// The rule id of a finding kind.
  static func kindRuleID(_ kind: Finding.Kind) -> String {
    switch kind {
    case .runtimePatch: "DRIFT-RUNTIME-PATCH"
    case .regression: "DRIFT-REGRESSION"
    case .unmanaged: "DRIFT-UNMANAGED"
    case .missing: "DRIFT-MISSING"
    case .secretInIaC: "SECRET-IN-IAC"
    }
  }

  private mutating func add(_ descriptor: Value) {
    guard let id = descriptor.map?["id"]?.string else { return }
    index[id] = descriptors.count
    descriptors.append(descriptor)
  }

  private struct Entry {
    var id: String
    var severity: Finding.Severity
    var summary: String
    var tags: [String]
  }
}

// MARK: - Descriptors

extension SARIFRules {
  private static func kindRule(_ kind: Finding.Kind) -> Value {
    let name: String
    let short: String
    let full: String
    let help: String
    var level = "warning"
    var tags: [Value] = ["drift", .string(kind.rawValue)]
    var securitySeverity: String?
    switch kind {
    case .runtimePatch:
      name = "RuntimePatch"
      short = "A live value differs from the IaC"
      full =
        "A value of a managed resource differs between the running system and its IaC: a runtime-only patch, "
        + "which the next deploy from source undoes."
      help =
        "Carry the live value into the IaC (driftback backport) so the next deploy keeps it; when the change "
        + "weakens security, redeploy the source to revert it instead."
    case .regression:
      name = "Regression"
      short = "A redeploy lost a runtime patch"
      full =
        "A runtime patch seen in an earlier capture is gone and the live value is back at the IaC value: a "
        + "deploy from source silently undid the fix."
      help = "Back-port the lost patch into the IaC (driftback backport) and deploy again."
      level = "error"
    case .unmanaged:
      name = "Unmanaged"
      short = "A running resource is not in the IaC"
      full = "A resource runs that no IaC declares: it was made by hand or by a tool, and no deploy manages it."
      help = "Declare it in the IaC when it should stay; delete it when it should not run."
    case .missing:
      name = "Missing"
      short = "A resource of the IaC is not running"
      full = "A resource the IaC declares does not run: it was deleted outside the IaC, or never deployed."
      help = "Deploy the source again, or remove the resource from the IaC when it should not run."
    case .secretInIaC:
      name = "SecretInIaC"
      short = "A secret is written in the IaC"
      full =
        "A credential is written literally in the IaC: whoever reads the repository (or its history) has it."
      help =
        "Move the secret out of the source (a secret manager or a reference), then rotate it: the git history "
        + "keeps the old value."
      level = "error"
      tags = ["security", "secret"]
      securitySeverity = SARIFReportRenderer.securitySeverity(.critical)
    }
    var properties = ValueMap()
    properties["tags"] = .list(tags)
    if let securitySeverity { properties["security-severity"] = .string(securitySeverity) }
    return descriptor(
      id: kindRuleID(kind), name: name, short: short, full: full, help: help, level: level, properties: properties)
  }

  private static func securityRule(_ entry: Entry) -> Value {
    let summary = sentence(entry.summary)
    var short = entry.summary
    // The short description is the summary without its trailing reference (`(CIS AWS 2.3.3)`).
    if short.hasSuffix(")"), let open = short.lastIndex(of: "("), open > short.startIndex {
      short = String(short[..<open])
    }
    let help =
      "driftback reports a runtime change to this control. A change that weakens it is to be reverted "
      + "(redeploy the source); one that hardens it is to be carried into the IaC (driftback backport), or the "
      + "next deploy undoes it."
    var properties = ValueMap()
    properties["tags"] = .list((["security"] + entry.tags).map(Value.string))
    properties["security-severity"] = .string(SARIFReportRenderer.securitySeverity(entry.severity))
    return descriptor(
      id: entry.id, name: pascalCase(entry.id), short: sentence(short, period: false), full: summary, help: help,
      level: SARIFReportRenderer.level(entry.severity), properties: properties)
  }

  private static func descriptor(
    id: String, name: String, short: String, full: String, help: String, level: String, properties: ValueMap
  ) -> Value {
    var map = ValueMap()
    map["id"] = .string(id)
    map["name"] = .string(name)
    map["shortDescription"] = ["text": .string(short.isEmpty ? id : short)]
    map["fullDescription"] = ["text": .string(String((full.isEmpty ? id : full).prefix(1024)))]
    map["help"] = ["text": .string(help)]
    map["defaultConfiguration"] = ["level": .string(level)]
    map["properties"] = .map(properties)
    return .map(map)
  }

  /// `summary text` as `Summary text.`
  private static func sentence(_ text: String, period: Bool = true) -> String {
    var trimmed = Substring(text)
    while trimmed.last == " " || trimmed.last == "." { trimmed = trimmed.dropLast() }
    guard let first = trimmed.first else { return "" }
    return first.uppercased() + trimmed.dropFirst() + (period ? "." : "")
  }

  /// `AWS-SG-OPEN-INGRESS` as `AwsSgOpenIngress`.
  private static func pascalCase(_ id: String) -> String {
    id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { word in
      (word.first.map { String($0).uppercased() } ?? "") + word.dropFirst().lowercased()
    }.joined()
  }
}
