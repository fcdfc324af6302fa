import DriftbackSyntax

/// Converts `aws ec2 describe-vpcs` output into `AWS::EC2::VPC` properties (`CidrBlock`, `InstanceTenancy`,
/// `Tags`, `VpcId`), chiefly so that the default VPC AWS creates in every region is known as AWS's own and
/// never reported as unmanaged. `EnableDnsSupport`/`EnableDnsHostnames` need `describe-vpc-attribute` and are
/// not covered.
enum VPCConverter {
  /// The properties a converted VPC speaks for.
  static let coverage: Set<String> = ["VpcId", "CidrBlock", "InstanceTenancy", "Tags"]

  static func read(_ file: CloudFormationCaptureFile, into collector: inout CloudFormationCaptureCollector) {
    guard let root = file.root else { return }
    var diagnostics: [Diagnostic] = []
    defer { collector.diagnostics += diagnostics }
    for vpc in file.objects(root["Vpcs"], named: "Vpcs", diagnostics: &diagnostics) {
      guard let vpcId = file.requiredText(vpc, "VpcId", in: "a VPC", diagnostics: &diagnostics) else { continue }
      var properties = ValueMap()
      properties["VpcId"] = .string(vpcId)
      if let cidr = vpc["CidrBlock"] { properties["CidrBlock"] = cidr }
      if let tenancy = vpc["InstanceTenancy"] { properties["InstanceTenancy"] = tenancy }
      properties["Tags"] = .list(file.objects(vpc["Tags"], named: "Tags", diagnostics: &diagnostics))
      var fragment = CloudFormationLiveFragment(
        type: "AWS::EC2::VPC", physicalId: vpcId, origin: .describe, properties: properties, coverage: coverage,
        file: file, at: vpc)
      fragment.isAWSDefault = vpc["IsDefault"]?.bool == true
      collector.add(fragment, file: file)
    }
  }
}
