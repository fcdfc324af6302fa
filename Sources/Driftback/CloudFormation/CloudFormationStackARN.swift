/// A stack id: `arn:aws:cloudformation:us-east-1:123456789012:stack/shop-edge/4104bac7-…`. The stack id is
/// the one place a capture states the partition, region and account its stacks live in, which the
/// templates' pseudo parameters stand for.
struct CloudFormationStackARN: Hashable, Sendable {
  var partition: String
  var region: String
  var accountId: String
  var stackName: String

  /// Parses a stack ARN; `nil` for anything else.
  init?(_ text: String) {
    let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 6, parts[0] == "arn", parts[2] == "cloudformation", !parts[1].isEmpty,
      !parts[3].isEmpty, !parts[4].isEmpty
    else { return nil }
    let resource = parts[5].split(separator: "/", omittingEmptySubsequences: false)
    guard resource.count >= 2, resource[0] == "stack", !resource[1].isEmpty else { return nil }
    partition = parts[1]
    region = parts[3]
    accountId = parts[4]
    stackName = String(resource[1])
  }

  /// `AWS::Partition`, `AWS::Region`, `AWS::AccountId` and `AWS::URLSuffix`.
  var pseudoParameters: [String: String] {
    [
      "AWS::Partition": partition, "AWS::Region": region, "AWS::AccountId": accountId,
      "AWS::URLSuffix": Self.urlSuffix(partition: partition),
    ]
  }

  /// The domain suffix of a partition's endpoints.
  static func urlSuffix(partition: String) -> String {
    switch partition {
    case "aws-cn": "amazonaws.com.cn"
    case "aws-iso": "c2s.ic.gov"
    case "aws-iso-b": "sc2s.sgov.gov"
    default: "amazonaws.com"
    }
  }
}
