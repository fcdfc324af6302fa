/// Tells which ecosystem a file belongs to, from its name and the start of its content, so that each
/// analyzer reads only its own files from a mixed folder (`iac-samples/`, a capture).
public enum EcosystemDetector {
  /// How many leading bytes are enough to decide.
  public static let prefixLength = 4096

  /// The ecosystem of a file, or `nil` when driftback does not read it.
  /// - Parameters:
  ///   - path: the file's path.
  ///   - prefix: its first bytes (at least ``prefixLength`` when the file is that long).
  public static func detect(path: String, prefix: [UInt8]) -> Ecosystem? {
    let lower = path.lowercased()
    if lower.hasSuffix(".tf") || lower.hasSuffix(".tfvars") || lower.hasSuffix(".tf.json")
      || lower.hasSuffix(".tfvars.json") || lower.hasSuffix(".tfstate") || lower.hasSuffix(".tfstate.backup")
    {
      return .terraform
    }
    let isJSON = lower.hasSuffix(".json")
    guard isJSON || lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".template") else {
      return nil
    }
    if lower.hasSuffix("/capture.json") || lower == "capture.json" { return nil }
    let bytes = prefix.prefix(prefixLength)
    if isJSON, containsAny(bytes, of: terraformMarkers) { return .terraform }
    if isAWSOutputPath(lower), !containsAny(bytes, of: kubernetesMarkers) { return .cloudformation }
    if containsAny(bytes, of: cloudFormationMarkers) { return .cloudformation }
    if !isJSON, startsAnyLine(bytes, with: cloudFormationYAMLKeys) { return .cloudformation }
    return lower.hasSuffix(".template") ? nil : .kubernetes
  }

  /// An AWS CLI output that does not name its resource, saved in a folder named after it:
  /// `…/s3/<bucket>/get-bucket-versioning.json`, `…/iam/<role>/list-attached-role-policies.json`. Such a file
  /// may be empty or hold only `{"Status": "Enabled"}`, so its path decides.
  static func isAWSOutputPath(_ lowercasedPath: String) -> Bool {
    let components = lowercasedPath.split(separator: "/")
    guard let name = components.last, name.hasPrefix("get-") || name.hasPrefix("list-") else { return false }
    return components.dropLast().contains { $0 == "s3" || $0 == "iam" }
  }

  /// What only Kubernetes objects hold, so that a manifest saved under an `iam/` folder stays Kubernetes.
  static let kubernetesMarkers: [[UInt8]] = ["apiVersion"].map { Array($0.utf8) }

  /// The top-level keys of AWS CLI outputs written with `--output yaml` (Kubernetes objects have lower-case
  /// top-level keys).
  static let cloudFormationYAMLKeys: [[UInt8]] = [
    "StackResourceDrifts:", "ResourceDescription:", "ResourceDescriptions:", "StackResources:", "Stacks:",
    "SecurityGroups:", "Vpcs:", "PublicAccessBlockConfiguration:", "ServerSideEncryptionConfiguration:", "TagSet:",
    "Role:", "AttachedPolicies:", "PolicyNames:",
  ].map { Array($0.utf8) }

  /// Whether any line (at column 0) starts with one of the needles.
  static func startsAnyLine(_ bytes: ArraySlice<UInt8>, with needles: [[UInt8]]) -> Bool {
    var lineStart = bytes.startIndex
    while lineStart < bytes.endIndex {
      let rest = bytes[lineStart...]
      if needles.contains(where: { rest.starts(with: $0) }) { return true }
      guard let newline = rest.firstIndex(of: 0x0A) else { break }
      lineStart = newline + 1
    }
    return false
  }

  static let terraformMarkers: [[UInt8]] = ["\"terraform_version\"", "\"format_version\""].map { Array($0.utf8) }

  /// Text only CloudFormation templates, parameter files and AWS CLI outputs hold. `"Role"` only as a key
  /// whose value is an object (`get-role`): Kubernetes RBAC writes `"kind": "Role"`.
  static let cloudFormationMarkers: [[UInt8]] = [
    "AWSTemplateFormatVersion", "AWS::", "\"StackResourceDrifts\"", "\"ResourceDescription\"",
    "\"StackResources\"", "\"Stacks\"", "\"SecurityGroups\"", "\"Vpcs\"", "\"PublicAccessBlockConfiguration\"",
    "\"ServerSideEncryptionConfiguration\"", "\"TagSet\"", "\"AttachedPolicies\"", "\"PolicyNames\"",
    "\"Role\": {", "\"Role\":{", "\"Role\" : {", "\"ParameterKey\"",
  ].map { Array($0.utf8) }

  /// Whether any needle occurs in the bytes: one pass, comparing only where a needle's first byte is.
  static func containsAny(_ bytes: ArraySlice<UInt8>, of needles: [[UInt8]]) -> Bool {
    var isFirstByte = [Bool](repeating: false, count: 256)
    for needle in needles { if let first = needle.first { isFirstByte[Int(first)] = true } }
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      if isFirstByte[Int(byte)] {
        for needle in needles where needle.first == byte && index + needle.count <= bytes.endIndex {
          if bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
        }
      }
      index += 1
    }
    return false
  }
}
