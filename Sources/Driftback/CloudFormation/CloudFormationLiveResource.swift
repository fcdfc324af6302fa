public import DriftbackSyntax

/// One AWS resource as a capture shows it, in CloudFormation's vocabulary: its type, its physical id and
/// its properties under the names and shapes a template uses, merged from every capture file that
/// describes it (Cloud Control, the plain AWS CLI describe outputs, drift detection's `ActualProperties`).
public struct CloudFormationLiveResource: Sendable {
  /// The resource type (`AWS::EC2::SecurityGroup`).
  public var type: String
  /// The physical id CloudFormation records for the resource: `sg-…`, the bucket name, the role name.
  public var physicalId: String
  /// The stack the resource belongs to, when the capture says (stack resource listings, drift output, or
  /// the `aws:cloudformation:stack-name` tag AWS puts on what a stack creates).
  public var stackName: String?
  /// The resource's logical id in its stack, when the capture says.
  public var logicalId: String?
  /// The properties, as a map with CloudFormation property names and shapes. `aws:`-prefixed tags are left
  /// out of `Tags` (AWS adds them; templates never hold them). Values carry no spans.
  public var properties: Value
  /// The top-level properties the capture holds for this resource, `nil` when it holds all of them (a
  /// Cloud Control model). A property in the set but absent from ``properties`` is known to be unset (an
  /// empty `get-bucket-versioning` output: versioning never enabled); a property outside the set was not
  /// captured and says nothing.
  public var coverage: Set<String>?
  /// The capture files the resource was read from, in order of precedence.
  public var sources: [String]
  /// What AWS creates by itself and no stack owns: a VPC's `default` security group, the default VPC.
  public var isAWSDefault: Bool
  /// Where the resource is in its first source file.
  public var location: SourceLocation?

  /// Creates a live resource.
  public init(
    type: String, physicalId: String, stackName: String? = nil, logicalId: String? = nil, properties: Value,
    coverage: Set<String>? = nil, sources: [String] = [], isAWSDefault: Bool = false, location: SourceLocation? = nil
  ) {
    self.type = type
    self.physicalId = physicalId
    self.stackName = stackName
    self.logicalId = logicalId
    self.properties = properties
    self.coverage = coverage
    self.sources = sources
    self.isAWSDefault = isAWSDefault
    self.location = location
  }
}
