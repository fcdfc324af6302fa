/// A stack's record of one of its resources: which logical id became which physical resource.
public struct CloudFormationStackResource: Sendable, Hashable {
  /// The stack name.
  public var stackName: String
  /// The logical id in the template.
  public var logicalId: String
  /// The physical id, `nil` while the stack has not created it (or failed to).
  public var physicalId: String?
  /// The resource type (`AWS::S3::Bucket`).
  public var type: String

  /// Creates a stack resource record.
  public init(stackName: String, logicalId: String, physicalId: String?, type: String) {
    self.stackName = stackName
    self.logicalId = logicalId
    self.physicalId = physicalId
    self.type = type
  }
}
