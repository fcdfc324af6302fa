public import DriftbackSyntax

/// What a capture says about the AWS resources behind CloudFormation stacks, read from AWS CLI output.
///
/// ## Layout
///
/// A capture's `cloudformation/` folder holds AWS CLI JSON output (`--output json`, the default; `.yaml`
/// files written with `--output yaml` are read too). Each file's format is told from its content, never its
/// name, so outputs that name their resources may have any file name:
///
/// - `aws cloudformation describe-stack-resource-drifts --stack-name S` (after `detect-stack-drift`)
/// - `aws cloudformation describe-stack-resources --stack-name S` and `aws cloudformation describe-stacks`
/// - `aws cloudcontrol get-resource --type-name T --identifier I` (one resource per file) and
///   `aws cloudcontrol list-resources --type-name T`
/// - `aws ec2 describe-security-groups` and `aws ec2 describe-vpcs`
///
/// Outputs that do not name their resource are read from a folder named after it (below the capture folder,
/// at any depth):
///
/// ```
/// s3/<bucket>/get-public-access-block.json    aws s3api get-public-access-block --bucket <bucket>
/// s3/<bucket>/get-bucket-encryption.json      aws s3api get-bucket-encryption --bucket <bucket>
/// s3/<bucket>/get-bucket-versioning.json      aws s3api get-bucket-versioning --bucket <bucket>
/// s3/<bucket>/get-bucket-tagging.json         aws s3api get-bucket-tagging --bucket <bucket>
/// s3/<bucket>/get-bucket-policy.json          aws s3api get-bucket-policy --bucket <bucket>
/// iam/<role>/get-role.json                    aws iam get-role --role-name <role>
/// iam/<role>/list-attached-role-policies.json aws iam list-attached-role-policies --role-name <role>
/// iam/<role>/list-role-policies.json          aws iam list-role-policies --role-name <role>
/// iam/<role>/get-role-policy-<policy>.json    aws iam get-role-policy --role-name <role> --policy-name <policy>
/// ```
///
/// When a bucket has no public-access block, encryption, tags or policy, or its versioning was never
/// enabled, the command fails (or, for versioning, prints nothing): keep the file empty (or `{}`) to say
/// so, or leave it out to say nothing. A file holding the CLI's error message is skipped with a warning.
///
/// ## Merging
///
/// The same resource may be described by several files. Resources are merged per type and physical id,
/// property by property (top-level keys of `Properties`): Cloud Control first, then the converted describe
/// outputs, then drift detection's `ActualProperties`. Stack membership and logical ids come from
/// `describe-stack-resources` and drift output, else from the `aws:cloudformation:stack-name` and
/// `aws:cloudformation:logical-id` tags AWS puts on what a stack creates (then also added to
/// ``stackResources``). Every `aws:` tag is dropped from `Tags`. Partition, region and account (the pseudo
/// parameters `AWS::Partition`, `AWS::Region`, `AWS::AccountId`, `AWS::URLSuffix`) come from the first stack
/// id in the capture.
public struct CloudFormationLiveCapture: Sendable {
  /// Each stack's record of its resources (`describe-stack-resources`, drift output and the
  /// `aws:cloudformation:*` tags), one per stack and logical id, in the order read.
  public var stackResources: [CloudFormationStackResource]
  /// The live resources, merged per type and physical id, sorted by type then physical id.
  public var resources: [CloudFormationLiveResource]
  /// CloudFormation's own `PropertyDifferences`, keyed `stack/LogicalId`.
  public var driftDifferences: [String: [CloudFormationPropertyDifference]]
  /// Drift detection's verdict, keyed `stack/LogicalId`: `IN_SYNC`, `MODIFIED`, `DELETED`, `NOT_CHECKED`, ….
  public var driftStatus: [String: String]
  /// `AWS::Partition`, `AWS::Region`, `AWS::AccountId` and `AWS::URLSuffix` from the capture's stack ids.
  public var pseudoParameters: [String: String]
  /// The parameter values each stack was deployed with (`describe-stacks`), keyed by stack name then
  /// parameter; `NoEcho` parameters (shown as `****`) are left out, SSM parameters hold their resolved value.
  public var stackParameters: [String: [String: String]]

  /// Creates a capture.
  public init(
    stackResources: [CloudFormationStackResource] = [], resources: [CloudFormationLiveResource] = [],
    driftDifferences: [String: [CloudFormationPropertyDifference]] = [:], driftStatus: [String: String] = [:],
    pseudoParameters: [String: String] = [:], stackParameters: [String: [String: String]] = [:]
  ) {
    self.stackResources = stackResources
    self.resources = resources
    self.driftDifferences = driftDifferences
    self.driftStatus = driftStatus
    self.pseudoParameters = pseudoParameters
    self.stackParameters = stackParameters
  }

  /// The live resource a stack's logical id became: by the stack's record of its physical id, else by the
  /// resource's own stack tags.
  public func resource(stack: String, logicalId: String) -> CloudFormationLiveResource? {
    if let record = stackResources.first(where: { $0.stackName == stack && $0.logicalId == logicalId }),
      let physicalId = record.physicalId,
      let live = resources.first(where: { $0.type == record.type && $0.physicalId == physicalId })
    {
      return live
    }
    return resources.first { $0.stackName == stack && $0.logicalId == logicalId }
  }

  /// Reads every capture file.
  ///
  /// Files are read in path order; one that is malformed is reported and skipped, and the others are still
  /// read. Files in no known format are skipped with a warning.
  /// - Parameters:
  ///   - files: the capture's CloudFormation files.
  ///   - captureRoot: the capture folder: the `s3/<bucket>/` and `iam/<role>/` layout is looked for in paths
  ///     relative to it.
  /// - Returns: the capture, and diagnostics with file, line and column (never a source line: capture files
  ///   hold live configuration).
  public static func load(_ files: [SourceFile], captureRoot: String?) -> (CloudFormationLiveCapture, [Diagnostic]) {
    var collector = CloudFormationCaptureCollector()
    var roles = IAMRoleConverter()
    for source in files.sorted(by: { $0.path < $1.path }) {
      let (read, problems) = CloudFormationCaptureFile.read(source, captureRoot: captureRoot)
      collector.diagnostics += problems
      guard let file = read else { continue }
      guard let format = CloudFormationCaptureFormat.detect(file) else {
        collector.diagnostics.append(unrecognized(file))
        continue
      }
      dispatch(file, format: format, roles: &roles, into: &collector)
    }
    roles.finish(into: &collector)
    return merge(collector)
  }
}

// MARK: - Reading

extension CloudFormationLiveCapture {
  fileprivate static func dispatch(
    _ file: CloudFormationCaptureFile, format: CloudFormationCaptureFormat, roles: inout IAMRoleConverter,
    into collector: inout CloudFormationCaptureCollector
  ) {
    if file.root == nil, !format.needsFolder, format != .rolePolicy {
      collector.diagnostics.append(Diagnostic(.note, "skipped an empty file", file: file.file.path))
      return
    }
    switch format {
    case .stackResourceDrifts: CloudFormationDriftReader.read(file, into: &collector)
    case .cloudControlResource, .cloudControlResources: CloudControlReader.read(file, into: &collector)
    case .stackResources: CloudFormationStackResourcesReader.readStackResources(file, into: &collector)
    case .stacks: CloudFormationStackResourcesReader.readStacks(file, into: &collector)
    case .securityGroups: SecurityGroupConverter.read(file, into: &collector)
    case .vpcs: VPCConverter.read(file, into: &collector)
    case .publicAccessBlock, .bucketEncryption, .bucketVersioning, .bucketTagging, .bucketPolicy:
      guard let folder = file.folder, folder.service == "s3" else {
        collector.diagnostics.append(
          file.diagnostic(
            .error,
            "\(format.rawValue) output does not name its bucket: save it as s3/<bucket>/\(format.rawValue).json",
            at: file.root))
        return
      }
      S3BucketConverter.read(file, format: format, bucket: folder.name, into: &collector)
    case .role, .attachedRolePolicies, .rolePolicyNames, .rolePolicy:
      roles.read(file, format: format, into: &collector)
    }
  }

  /// Why a file was skipped.
  fileprivate static func unrecognized(_ file: CloudFormationCaptureFile) -> Diagnostic {
    guard let root = file.root else { return Diagnostic(.note, "skipped an empty file", file: file.file.path) }
    if root["AWSTemplateFormatVersion"] != nil || root["Resources"]?.map != nil {
      return file.diagnostic(
        .warning, "a CloudFormation template in the capture: skipped (templates are given with --iac)", at: root)
    }
    return file.diagnostic(
      .warning,
      "not an AWS CLI output driftback reads for CloudFormation: skipped (expected describe-stack-resource-drifts,"
        + " cloudcontrol get-resource, describe-stack-resources, describe-stacks, describe-security-groups,"
        + " describe-vpcs, or an s3api/iam output in s3/<bucket>/ or iam/<role>/)", at: root)
  }
}
