import DriftbackSyntax

/// What one capture file says about one resource: some of its properties. Fragments of the same resource
/// (same type and physical id) are merged property by property, the more complete source first.
struct CloudFormationLiveFragment {
  /// Where the properties come from, in order of precedence.
  enum Origin: Int, Comparable {
    /// Cloud Control: the resource's own CloudFormation model.
    case cloudControl
    /// A plain AWS CLI describe output converted into CloudFormation properties.
    case describe
    /// Drift detection's `ActualProperties` (only the properties the template sets).
    case drift

    static func < (lhs: Origin, rhs: Origin) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  var type: String
  var physicalId: String
  var origin: Origin
  var properties: ValueMap
  /// The top-level properties the fragment speaks for (present or known to be unset); `nil`: all.
  var coverage: Set<String>?
  /// The files the fragment was read from.
  var sources: [String]
  var location: SourceLocation?
  var isAWSDefault = false
  /// Stack membership from the `aws:cloudformation:*` tags.
  var stackName: String?
  var logicalId: String?

  init(
    type: String, physicalId: String, origin: Origin, properties: ValueMap, coverage: Set<String>?,
    file: CloudFormationCaptureFile, at value: Value?
  ) {
    self.type = type
    self.physicalId = physicalId
    self.origin = origin
    self.properties = properties
    self.coverage = coverage
    self.sources = [file.file.path]
    self.location = file.location(of: value)
  }

  /// The properties a full model of a type is known to hold whenever they are set, so that their absence
  /// means "unset" (a public-access block deleted at runtime); other properties absent from a Cloud
  /// Control model may be write-only (passwords) and are not taken as unset.
  static func modelProperties(of type: String) -> Set<String> {
    switch type {
    case "AWS::EC2::SecurityGroup": SecurityGroupConverter.coverage
    case "AWS::S3::Bucket": S3BucketConverter.modelCoverage
    case "AWS::IAM::Role": IAMRoleConverter.roleCoverage.union(["ManagedPolicyArns", "Policies"])
    case "AWS::EC2::VPC": VPCConverter.coverage
    default: []
    }
  }
}
