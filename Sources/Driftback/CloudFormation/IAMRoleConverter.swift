import DriftbackSyntax

/// Converts the `aws iam` outputs of a role into `AWS::IAM::Role` properties, saved as
/// `iam/<role>/get-role.json`, `iam/<role>/list-attached-role-policies.json`, `iam/<role>/list-role-policies.json`
/// and one `iam/<role>/get-role-policy-<policy>.json` per inline policy.
///
/// | output | CloudFormation |
/// |---|---|
/// | `get-role` `Role.RoleName`, `Path`, `MaxSessionDuration`, `Description` | the same names |
/// | `get-role` `Role.AssumeRolePolicyDocument` (an object as the CLI prints it; URL-encoded JSON accepted) | `AssumeRolePolicyDocument` |
/// | `get-role` `Role.PermissionsBoundary.PermissionsBoundaryArn` | `PermissionsBoundary` |
/// | `get-role` `Role.Tags` | `Tags` without `aws:` tags |
/// | `list-attached-role-policies` `AttachedPolicies[].PolicyArn` | `ManagedPolicyArns` |
/// | `get-role-policy` `PolicyName`, `PolicyDocument` | one item of `Policies` |
///
/// `Policies` is known when `list-role-policies` was captured (its names say which `get-role-policy` outputs
/// to expect; one missing leaves `Policies` uncompared) or, without it, from the `get-role-policy` outputs
/// present; with neither it is not covered. Items are sorted by name.
struct IAMRoleConverter {
  /// The properties a `get-role` output speaks for.
  static let roleCoverage: Set<String> = [
    "RoleName", "Path", "AssumeRolePolicyDocument", "MaxSessionDuration", "Description", "PermissionsBoundary",
    "Tags", "Arn", "RoleId",
  ]

  /// An inline policy read from a `get-role-policy` output.
  private struct InlinePolicy {
    var name: String
    var document: Value
    var file: CloudFormationCaptureFile
  }

  /// What the files say about one role so far.
  private struct Role {
    var policies: [InlinePolicy] = []
    var listedPolicies: (names: [String], file: CloudFormationCaptureFile)?
  }

  private var roles: [String: Role] = [:]
  private var order: [String] = []

  /// Reads one output about a role.
  mutating func read(
    _ file: CloudFormationCaptureFile, format: CloudFormationCaptureFormat,
    into collector: inout CloudFormationCaptureCollector
  ) {
    var diagnostics: [Diagnostic] = []
    defer { collector.diagnostics += diagnostics }
    let root = file.root
    switch format {
    case .role:
      guard let role = root?["Role"], role.map != nil else {
        diagnostics.append(file.diagnostic(.error, "`Role` must be an object", at: root?["Role"] ?? root))
        return
      }
      guard let name = file.requiredText(role, "RoleName", in: "a role", diagnostics: &diagnostics) else { return }
      checkFolder(file, names: name, diagnostics: &diagnostics)
      let properties = roleProperties(role, name: name, file: file, diagnostics: &diagnostics)
      collector.add(
        CloudFormationLiveFragment(
          type: "AWS::IAM::Role", physicalId: name, origin: .describe, properties: properties,
          coverage: Self.roleCoverage, file: file, at: role),
        file: file)
    case .attachedRolePolicies:
      guard let name = roleName(of: file, format: format, diagnostics: &diagnostics) else { return }
      if root?["IsTruncated"]?.bool == true {
        diagnostics.append(
          file.diagnostic(
            .warning, "the list of attached policies is truncated (`IsTruncated`): ManagedPolicyArns is not compared",
            at: root?["IsTruncated"]))
        return
      }
      let attached = file.objects(root?["AttachedPolicies"], named: "AttachedPolicies", diagnostics: &diagnostics)
      var properties = ValueMap()
      properties["RoleName"] = .string(name)
      properties["ManagedPolicyArns"] = .list(attached.compactMap { $0["PolicyArn"] })
      collector.add(
        CloudFormationLiveFragment(
          type: "AWS::IAM::Role", physicalId: name, origin: .describe, properties: properties,
          coverage: ["RoleName", "ManagedPolicyArns"], file: file, at: root),
        file: file)
    case .rolePolicyNames:
      guard let name = roleName(of: file, format: format, diagnostics: &diagnostics) else { return }
      let names = file.items(root?["PolicyNames"], named: "PolicyNames", diagnostics: &diagnostics)
        .compactMap(CloudFormationCaptureFile.text)
      self[role: name].listedPolicies = (names, file)
    case .rolePolicy:
      guard let root, root.map != nil else {
        // An empty `get-role-policy` file says nothing: the policy list comes from `list-role-policies`.
        diagnostics.append(Diagnostic(.note, "skipped an empty file", file: file.file.path))
        return
      }
      let name =
        CloudFormationCaptureFile.text(root["RoleName"])
        ?? file.folder.flatMap {
          $0.service == "iam" ? $0.name : nil
        }
      guard let name else {
        diagnostics.append(
          file.diagnostic(.error, "a get-role-policy output without `RoleName` outside an iam/<role>/ folder", at: root)
        )
        return
      }
      checkFolder(file, names: name, diagnostics: &diagnostics)
      guard
        let policyName = file.requiredText(
          root, "PolicyName", in: "a get-role-policy output", diagnostics: &diagnostics),
        let raw = root["PolicyDocument"],
        let document = Self.policyDocument(
          raw, field: "PolicyDocument", of: "policy \(policyName) of role \(name)", file: file,
          diagnostics: &diagnostics)
      else { return }
      if self[role: name].policies.contains(where: { $0.name == policyName }) {
        diagnostics.append(
          file.diagnostic(
            .warning, "inline policy \(policyName) of role \(name) appears twice: the first is kept", at: root))
        return
      }
      self[role: name].policies.append(InlinePolicy(name: policyName, document: document, file: file))
    default:
      return
    }
  }

  /// The `Policies` fragments, once every file is read.
  func finish(into collector: inout CloudFormationCaptureCollector) {
    for name in order {
      guard let role = roles[name] else { continue }
      var policies = role.policies.sorted { $0.name < $1.name }
      if let listed = role.listedPolicies {
        let missing = listed.names.filter { listedName in !policies.contains { $0.name == listedName } }
        if !missing.isEmpty {
          collector.diagnostics.append(
            listed.file.diagnostic(
              .warning,
              "role \(name) lists inline polic\(missing.count == 1 ? "y" : "ies") \(missing.joined(separator: ", "))"
                + " without a get-role-policy output in iam/\(name)/: Policies is not compared", at: listed.file.root))
          continue
        }
        policies.removeAll { policy in !listed.names.contains(policy.name) }
      }
      guard role.listedPolicies != nil || !policies.isEmpty else { continue }
      var properties = ValueMap()
      properties["RoleName"] = .string(name)
      properties["Policies"] = .list(
        policies.map { policy in
          .map(
            ValueMap([
              ValueMap.Entry(key: "PolicyName", value: .string(policy.name)),
              ValueMap.Entry(key: "PolicyDocument", value: policy.document),
            ]))
        })
      guard let file = role.listedPolicies?.file ?? policies.first?.file else { continue }
      var fragment = CloudFormationLiveFragment(
        type: "AWS::IAM::Role", physicalId: name, origin: .describe, properties: properties,
        coverage: ["RoleName", "Policies"], file: file, at: file.root)
      for policy in policies where !fragment.sources.contains(policy.file.file.path) {
        fragment.sources.append(policy.file.file.path)
      }
      collector.add(fragment, file: file)
    }
  }

  // MARK: - Helpers

  private subscript(role name: String) -> Role {
    get { roles[name] ?? Role() }
    set {
      if roles[name] == nil { order.append(name) }
      roles[name] = newValue
    }
  }

  /// The role of an output that does not name it: its folder.
  private func roleName(
    of file: CloudFormationCaptureFile, format: CloudFormationCaptureFormat, diagnostics: inout [Diagnostic]
  ) -> String? {
    if let folder = file.folder, folder.service == "iam" { return folder.name }
    diagnostics.append(
      file.diagnostic(
        .error, "\(format.rawValue) output does not name its role: save it as iam/<role>/\(format.rawValue).json",
        at: file.root))
    return nil
  }

  /// A warning when a file that names its role sits in another role's folder.
  private func checkFolder(_ file: CloudFormationCaptureFile, names name: String, diagnostics: inout [Diagnostic]) {
    guard let folder = file.folder, folder.service == "iam", folder.name != name else { return }
    diagnostics.append(
      file.diagnostic(
        .warning, "the output is about role \(name) but is saved in iam/\(folder.name)/: read as role \(name)",
        at: file.root))
  }

  /// The properties of `get-role`'s `Role`.
  private func roleProperties(
    _ role: Value, name: String, file: CloudFormationCaptureFile, diagnostics: inout [Diagnostic]
  ) -> ValueMap {
    var properties = ValueMap()
    properties["RoleName"] = .string(name)
    for key in ["Path", "Description", "MaxSessionDuration", "Arn", "RoleId"] {
      if let value = role[key], !value.isNull { properties[key] = value }
    }
    if let raw = role["AssumeRolePolicyDocument"],
      let document = Self.policyDocument(
        raw, field: "AssumeRolePolicyDocument", of: "role \(name)", file: file, diagnostics: &diagnostics)
    {
      properties["AssumeRolePolicyDocument"] = document
    }
    if let boundary = role["PermissionsBoundary"]?["PermissionsBoundaryArn"] {
      properties["PermissionsBoundary"] = boundary
    }
    properties["Tags"] = .list(file.objects(role["Tags"], named: "Tags", diagnostics: &diagnostics))
    return properties
  }

  /// A policy document: an object as the CLI prints it, or the API's URL-encoded JSON text, or plain JSON text.
  static func policyDocument(
    _ raw: Value, field: String, of owner: String, file: CloudFormationCaptureFile, diagnostics: inout [Diagnostic]
  ) -> Value? {
    if let text = raw.string, text.hasPrefix("%") {
      guard let decoded = percentDecoded(text) else {
        diagnostics.append(file.diagnostic(.error, "`\(field)` of \(owner) is not valid URL-encoded text", at: raw))
        return nil
      }
      return file.embeddedJSON(
        Value(.string(decoded), span: raw.span), field: field, of: owner, diagnostics: &diagnostics)
    }
    return file.embeddedJSON(raw, field: field, of: owner, diagnostics: &diagnostics)
  }

  /// RFC 3986 percent-decoding (IAM does not write spaces as `+`); `nil` for a broken escape or bad UTF-8.
  static func percentDecoded(_ text: String) -> String? {
    var bytes: [UInt8] = []
    let source = Array(text.utf8)
    var index = 0
    while index < source.count {
      let byte = source[index]
      if byte == UInt8(ascii: "%") {
        guard index + 2 < source.count, let high = hexValue(source[index + 1]), let low = hexValue(source[index + 2])
        else { return nil }
        bytes.append(high << 4 | low)
        index += 3
      } else {
        bytes.append(byte)
        index += 1
      }
    }
    return String(validating: bytes, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
