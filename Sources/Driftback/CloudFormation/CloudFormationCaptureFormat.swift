/// The AWS CLI outputs a CloudFormation capture may hold, told apart by their top-level keys. Outputs that
/// are empty (or `{}`) when nothing is configured are told apart by their file name.
enum CloudFormationCaptureFormat: String, CaseIterable {
  /// `aws cloudformation describe-stack-resource-drifts`.
  case stackResourceDrifts = "describe-stack-resource-drifts"
  /// `aws cloudcontrol get-resource`.
  case cloudControlResource = "cloudcontrol get-resource"
  /// `aws cloudcontrol list-resources`.
  case cloudControlResources = "cloudcontrol list-resources"
  /// `aws cloudformation describe-stack-resources`.
  case stackResources = "describe-stack-resources"
  /// `aws cloudformation describe-stacks`.
  case stacks = "describe-stacks"
  /// `aws ec2 describe-security-groups`.
  case securityGroups = "describe-security-groups"
  /// `aws ec2 describe-vpcs`.
  case vpcs = "describe-vpcs"
  /// `aws s3api get-public-access-block`.
  case publicAccessBlock = "get-public-access-block"
  /// `aws s3api get-bucket-encryption`.
  case bucketEncryption = "get-bucket-encryption"
  /// `aws s3api get-bucket-versioning`.
  case bucketVersioning = "get-bucket-versioning"
  /// `aws s3api get-bucket-tagging`.
  case bucketTagging = "get-bucket-tagging"
  /// `aws s3api get-bucket-policy`.
  case bucketPolicy = "get-bucket-policy"
  /// `aws iam get-role`.
  case role = "get-role"
  /// `aws iam list-attached-role-policies`.
  case attachedRolePolicies = "list-attached-role-policies"
  /// `aws iam list-role-policies`.
  case rolePolicyNames = "list-role-policies"
  /// `aws iam get-role-policy`.
  case rolePolicy = "get-role-policy"

  /// Whether the output does not name its resource, so it must be saved in `s3/<bucket>/` or `iam/<role>/`.
  var needsFolder: Bool {
    switch self {
    case .publicAccessBlock, .bucketEncryption, .bucketVersioning, .bucketTagging, .bucketPolicy,
      .attachedRolePolicies, .rolePolicyNames:
      true
    default: false
    }
  }

  /// The folder (`s3` or `iam`) an output that needs one is saved under.
  var service: String? {
    switch self {
    case .publicAccessBlock, .bucketEncryption, .bucketVersioning, .bucketTagging, .bucketPolicy: "s3"
    case .role, .attachedRolePolicies, .rolePolicyNames, .rolePolicy: "iam"
    default: nil
    }
  }

  /// The format of a file: from its content, or from its name when it is empty or `{}`.
  static func detect(_ file: CloudFormationCaptureFile) -> CloudFormationCaptureFormat? {
    if let root = file.root, let map = root.map, !map.isEmpty {
      return detect(keys: Set(map.keys))
    }
    if let root = file.root, root.map == nil { return nil }
    if let named = fromName(file.fileName) { return named }
    // `{}` is what `get-bucket-versioning` prints for a bucket whose versioning was never enabled.
    if file.root != nil, file.folder?.service == "s3" { return .bucketVersioning }
    return nil
  }

  /// The format an object's keys show.
  static func detect(keys: Set<String>) -> CloudFormationCaptureFormat? {
    if keys.contains("StackResourceDrifts") { return .stackResourceDrifts }
    if keys.contains("TypeName"), keys.contains("ResourceDescription") { return .cloudControlResource }
    if keys.contains("TypeName"), keys.contains("ResourceDescriptions") { return .cloudControlResources }
    if keys.contains("StackResources") { return .stackResources }
    if keys.contains("Stacks") { return .stacks }
    if keys.contains("SecurityGroups") { return .securityGroups }
    if keys.contains("Vpcs") { return .vpcs }
    if keys.contains("PublicAccessBlockConfiguration") { return .publicAccessBlock }
    if keys.contains("ServerSideEncryptionConfiguration") { return .bucketEncryption }
    if keys.contains("TagSet") { return .bucketTagging }
    if keys.contains("Role") { return .role }
    if keys.contains("AttachedPolicies") { return .attachedRolePolicies }
    if keys.contains("PolicyNames") { return .rolePolicyNames }
    if keys.contains("PolicyName"), keys.contains("PolicyDocument") { return .rolePolicy }
    if keys.isSubset(of: ["Status", "MFADelete"]) { return .bucketVersioning }
    if keys == ["Policy"] { return .bucketPolicy }
    return nil
  }

  /// The format a file name promises (`get-bucket-versioning.json`, `get-role-policy-assets-read.json`).
  static func fromName(_ name: String) -> CloudFormationCaptureFormat? {
    // Longest first: `get-role-policy` before `get-role`, `list-role-policies` is its own.
    let named = allCases.sorted { $0.rawValue.count > $1.rawValue.count }
    return named.first { !$0.rawValue.contains(" ") && name.hasPrefix($0.rawValue) }
  }
}
