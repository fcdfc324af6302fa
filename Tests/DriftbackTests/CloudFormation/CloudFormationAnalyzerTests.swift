import DriftbackSyntax
import Testing

@testable import Driftback

/// The analyzer and the back-port planner on small in-memory templates and captures.
@Suite("CloudFormation analysis and back-ports")
struct CloudFormationAnalyzerTests {
  static let stackId = "arn:aws:cloudformation:us-east-1:123456789012:stack/edge/6a1f1c2e-1111-4222-8333-944455556666"

  static let template = """
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      AdminCidr:
        Type: String
        Default: 10.0.0.0/16   # the operators' VPN
      LogRetention:
        Type: String
    Resources:
      # The web tier.
      Web:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: web
          GroupName: !Sub "web-${AWS::Region}"
          SecurityGroupIngress:
            - IpProtocol: tcp
              FromPort: 443
              ToPort: 443
              CidrIp: 0.0.0.0/0
            - IpProtocol: tcp
              FromPort: 22
              ToPort: 22
              CidrIp: !Ref AdminCidr
      Assets:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: edge-assets
      Queue:
        Type: AWS::SQS::Queue

    """

  static func stackResources(_ rows: [(String, String, String)]) -> String {
    let items = rows.map { logical, physical, type in
      """
      {"StackName": "edge", "StackId": "\(stackId)", "LogicalResourceId": "\(logical)",
       "PhysicalResourceId": "\(physical)", "ResourceType": "\(type)", "ResourceStatus": "CREATE_COMPLETE"}
      """
    }
    return #"{"StackResources": ["# + items.joined(separator: ",\n") + "]}"
  }

  static func groups(ingress: String) -> String {
    """
    {"SecurityGroups": [{"GroupId": "sg-0123456789abcdef0", "GroupName": "web-us-east-1", "Description": "web",
      "OwnerId": "123456789012", "VpcId": "vpc-0a1b2c3d4e5f60718",
      "IpPermissions": [\(ingress)],
      "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [],
        "PrefixListIds": [], "UserIdGroupPairs": []}]},
     {"GroupId": "sg-0aaaaaaaaaaaaaaa1", "GroupName": "default", "Description": "default VPC security group",
      "OwnerId": "123456789012", "VpcId": "vpc-0a1b2c3d4e5f60718", "IpPermissions": [], "IpPermissionsEgress": []}]}
    """
  }

  static let allOut =
    #"{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}"#

  static let https =
    #"{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}"#

  static func ssh(_ cidr: String) -> String {
    #"{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "\#(cidr)"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}"#
  }

  /// Files in memory, read by path.
  struct Files: Sendable {
    var contents: [String: String]

    var reader: FileReader {
      let contents = self.contents
      return { path in
        guard let text = contents[path] else { throw Diagnostic(.error, "no such file", file: path) }
        return SourceFile(path: path, text: text)
      }
    }
  }

  func analyze(_ files: Files, parameters: [String] = []) -> Analysis {
    let iac = files.contents.keys.filter { $0.hasPrefix("iac/") }.sorted()
    let live = files.contents.keys.filter { $0.hasPrefix("cap/") }.sorted()
    return CloudFormationAnalyzer(redactor: Redactor(key: Array("test".utf8))).analyze(
      CloudFormationAnalyzer.Request(
        iacFiles: iac, parameterFiles: parameters, liveFiles: live, captureRoot: "cap", captureLabel: "c1"),
      read: files.reader)
  }

  func baseFiles(ingress: String) -> Files {
    Files(contents: [
      "iac/edge.yaml": Self.template,
      "cap/describe-stack-resources.json": Self.stackResources([
        ("Web", "sg-0123456789abcdef0", "AWS::EC2::SecurityGroup"), ("Assets", "edge-assets", "AWS::S3::Bucket"),
        ("Queue", "https://sqs.us-east-1.amazonaws.com/123456789012/edge-Queue-1", "AWS::SQS::Queue"),
      ]),
      "cap/ec2/describe-security-groups.json": Self.groups(ingress: ingress),
      "cap/s3/edge-assets/get-public-access-block.json":
        #"{"PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}}"#,
      "cap/s3/edge-assets/get-bucket-versioning.json": "",
    ])
  }

  @Test func aStackInSyncHasNoFindingsAndTheRegionComesFromTheStackARN() {
    let analysis = analyze(baseFiles(ingress: Self.https + "," + Self.ssh("10.0.0.0/16")))
    #expect(analysis.diagnostics.filter { $0.severity != .note }.map(\.message) == [])
    #expect(analysis.findings.map { "\($0.resource) \($0.path)" } == [])
    // The queue is listed by the stack but not captured: not compared, and said so.
    #expect(analysis.summary.inSync == 2)
    #expect(analysis.diagnostics.contains { $0.message.contains("AWS::SQS::Queue") && $0.severity == .note })
    // GroupName !Sub "web-${AWS::Region}" was evaluated with the region of the stack ARN.
    #expect(
      analysis.cloudFormationResources[ResourceAddress(ecosystem: .cloudformation, text: "edge/Web")]?
        .properties["GroupName"]?.string == "web-us-east-1")
  }

  @Test func aValueFromARefIsBackPortedIntoTheParameterDefault() throws {
    let files = baseFiles(ingress: Self.https + "," + Self.ssh("10.20.0.0/16"))
    let analysis = analyze(files)
    // A rule with a new CIDR is a removed rule and an added one (rules are a set).
    #expect(
      analysis.findings.map { "\($0.change) \($0.path) \($0.action)" } == [
        "removed SecurityGroupIngress[CidrIp=\"10.0.0.0/16\",FromPort=22,IpProtocol=tcp,ToPort=22] backport",
        "added SecurityGroupIngress[CidrIp=\"10.20.0.0/16\",FromPort=22,IpProtocol=tcp,ToPort=22] revert",
      ])
    // SSH from a range the IaC does not grant widens access (medium: a private source on an admin port).
    #expect(analysis.findings[1].security?.direction == .weakens)
    #expect(analysis.findings[1].severity == .medium)
    // Removing the rule whose CidrIp is !Ref AdminCidr is an edit of the template's list.
    #expect(analysis.findings[0].backport.possible)
    #expect(analysis.findings[0].source?.location?.line == 20)
  }

  @Test func aChangedParameterValueIsWrittenWhereTheParameterGetsIt() throws {
    let template = Self.template.replacingOccurrences(
      of: "      BucketName: edge-assets\n",
      with: "      BucketName: edge-assets\n      VersioningConfiguration:\n        Status: !Ref Versioning\n"
    ).replacingOccurrences(
      of: "  LogRetention:\n", with: "  Versioning:\n    Type: String\n    Default: Suspended\n  LogRetention:\n")
    var files = baseFiles(ingress: Self.https + "," + Self.ssh("10.0.0.0/16"))
    files.contents["iac/edge.yaml"] = template
    files.contents["cap/s3/edge-assets/get-bucket-versioning.json"] = #"{"Status": "Enabled"}"#
    let analysis = analyze(files)
    let finding = try #require(analysis.findings.first)
    #expect("\(finding.path)" == "VersioningConfiguration.Status")
    #expect(finding.backport.reason == "comes from the parameter Versioning: edit its Default in iac/edge.yaml")
    let plan = BackportPlanner().plan(
      analysis, selection: .defaultBackports, defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.diagnostics.map(\.message) == [])
    let edited = try #require(plan.files.first).edited
    #expect(String(decoding: edited, as: UTF8.self).contains("    Default: Enabled\n  LogRetention:"))

    // With a parameters file, the file is edited instead, in its own form.
    files.contents["iac/edge.parameters.json"] = #"["Versioning=Suspended", "AdminCidr=10.0.0.0/16"]"#
    let withFile = analyze(files)
    #expect(withFile.findings.first?.backport.reason.hasSuffix("edit iac/edge.parameters.json") == true)
    let filePlan = BackportPlanner().plan(
      withFile, selection: .defaultBackports, defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(filePlan.files.map(\.path) == ["iac/edge.parameters.json"])
    #expect(
      filePlan.files.first.map { String(decoding: $0.edited, as: UTF8.self) }
        == #"["Versioning=Enabled", "AdminCidr=10.0.0.0/16"]"#)
  }

  @Test func computedValuesAreNotBackPortedAndSayWhy() throws {
    var files = baseFiles(ingress: Self.https + "," + Self.ssh("10.0.0.0/16"))
    files.contents["cap/ec2/describe-security-groups.json"] = Self.groups(
      ingress: Self.https + "," + Self.ssh("10.0.0.0/16")
    )
    .replacingOccurrences(of: #""Description": "web","#, with: #""Description": "web tier","#)
    let analysis = analyze(files)
    let finding = try #require(analysis.findings.first)
    #expect("\(finding.path)" == "GroupDescription")
    #expect(finding.backport.possible)
    // The group's name comes from !Sub: a new name cannot be written back.
    var renamed = files
    renamed.contents["iac/edge.yaml"] = Self.template.replacingOccurrences(
      of: "GroupName: !Sub \"web-${AWS::Region}\"", with: "GroupName: !Sub \"web-${AWS::Region}-x\"")
    let computed = analyze(renamed)
    let name = try #require(computed.findings.first { "\($0.path)" == "GroupName" })
    #expect(!name.backport.possible)
    #expect(name.backport.reason.contains("Fn::Sub"))
  }

  @Test func aResourceDeletedBehindCloudFormationsBackIsMissing() {
    var files = baseFiles(ingress: Self.https + "," + Self.ssh("10.0.0.0/16"))
    // Only the VPC's default group is left.
    let groups = Self.groups(ingress: "")
    files.contents["cap/ec2/describe-security-groups.json"] =
      #"{"SecurityGroups": ["#
      + String(groups[(groups.range(of: #"{"GroupId": "sg-0aaaaaaaaaaaaaaa1""#)?.lowerBound ?? groups.startIndex)...])
    let analysis = analyze(files)
    #expect(analysis.findings.map { "\($0.kind) \($0.resource)" } == ["missing edge/Web"])
  }

  @Test func liveResourcesInNoStackAreUnmanagedExceptAWSDefaults() {
    var files = baseFiles(ingress: Self.https + "," + Self.ssh("10.0.0.0/16"))
    files.contents["cap/ec2/describe-security-groups.json"] = Self.groups(
      ingress: Self.https + "," + Self.ssh("10.0.0.0/16")
    )
    .replacingOccurrences(
      of: #""IpPermissionsEgress": []}]}"#,
      with:
        #""IpPermissionsEgress": []}, {"GroupId": "sg-0ddddddddddddddd1", "GroupName": "debug", "Description": "x", "OwnerId": "123456789012", "VpcId": "vpc-0a1b2c3d4e5f60718", "IpPermissions": [\#(Self.ssh("0.0.0.0/0"))], "IpPermissionsEgress": []}]}"#
    )
    let analysis = analyze(files)
    #expect(
      analysis.findings.map { "\($0.kind) \($0.resource)" } == [
        "unmanaged AWS::EC2::SecurityGroup/sg-0ddddddddddddddd1"
      ])
    #expect(analysis.findings.first?.security?.rule == "AWS-SG-OPEN-INGRESS")
    #expect(analysis.findings.first?.severity == .critical)
  }

  @Test func anAddedRuleIsBackPortedAsANewListItemAndVerified() throws {
    let node =
      #"{"IpProtocol": "tcp", "FromPort": 9100, "ToPort": 9100, "IpRanges": [{"CidrIp": "10.1.0.0/16", "Description": "node exporter"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}"#
    let files = baseFiles(ingress: Self.https + "," + Self.ssh("10.0.0.0/16") + "," + node)
    let analysis = analyze(files)
    #expect(
      analysis.findings.map { "\($0.path) \($0.action)" } == [
        "SecurityGroupIngress[CidrIp=\"10.1.0.0/16\",FromPort=9100,IpProtocol=tcp,ToPort=9100] revert"
      ])
    // A rule added by hand widens access: by default it is reverted, never back-ported.
    #expect(analysis.findings.first?.severity == .low)
    let unforced = BackportPlanner().plan(
      analysis, selection: .defaultBackports, defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(unforced.files.isEmpty)
    // Named and forced, it is back-ported.
    let plan = BackportPlanner(force: true).plan(
      analysis, selection: .ids(analysis.findings.map(\.id)), defaultNamespace: "default",
      newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.diagnostics.map(\.message) == [])
    let edited = String(decoding: try #require(plan.files.first).edited, as: UTF8.self)
    #expect(
      edited.contains(
        "          CidrIp: !Ref AdminCidr\n        - IpProtocol: tcp\n          FromPort: 9100\n          ToPort: 9100\n"
          + "          CidrIp: 10.1.0.0/16\n          Description: node exporter\n  Assets:\n"))
    // Every other byte is unchanged.
    #expect(edited.hasPrefix(String(Self.template.prefix(500))))
  }

  @Test func refToAResourceIsItsPhysicalIdAndIsWrittenBackAsARef() throws {
    let template = """
      Resources:
        Lb:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: load balancer
            VpcId: vpc-0a1b2c3d4e5f60718
        Web:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web
            VpcId: vpc-0a1b2c3d4e5f60718
            SecurityGroupIngress:
              - IpProtocol: tcp
                FromPort: 443
                ToPort: 443
                SourceSecurityGroupId: !Ref Lb

      """
    func pair(_ port: Int) -> String {
      #"{"IpProtocol": "tcp", "FromPort": \#(port), "ToPort": \#(port), "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": [{"GroupId": "sg-0bbbbbbbbbbbbbbb2", "UserId": "123456789012"}]}"#
    }
    let groups = """
      {"SecurityGroups": [
       {"GroupId": "sg-0bbbbbbbbbbbbbbb2", "GroupName": "edge-Lb-1", "Description": "load balancer",
        "OwnerId": "123456789012", "VpcId": "vpc-0a1b2c3d4e5f60718", "IpPermissions": [], "IpPermissionsEgress": [\(Self.allOut)]},
       {"GroupId": "sg-0ccccccccccccccc3", "GroupName": "edge-Web-1", "Description": "web",
        "OwnerId": "123456789012", "VpcId": "vpc-0a1b2c3d4e5f60718",
        "IpPermissions": [\(pair(443)), \(pair(8443))], "IpPermissionsEgress": [\(Self.allOut)]}]}
      """
    let files = Files(contents: [
      "iac/edge.yaml": template,
      "cap/describe-stack-resources.json": Self.stackResources([
        ("Lb", "sg-0bbbbbbbbbbbbbbb2", "AWS::EC2::SecurityGroup"),
        ("Web", "sg-0ccccccccccccccc3", "AWS::EC2::SecurityGroup"),
      ]),
      "cap/ec2/describe-security-groups.json": groups,
    ])
    let analysis = analyze(files)
    // The 443 rule from !Ref Lb matches exactly; the new 8443 rule from the same group is the one finding.
    #expect(
      analysis.findings.map { "\($0.change) \($0.path)" } == [
        "added SecurityGroupIngress[FromPort=8443,IpProtocol=tcp,SourceSecurityGroupId=sg-0bbbbbbbbbbbbbbb2,ToPort=8443]"
      ])
    let plan = BackportPlanner(force: true).plan(
      analysis, selection: .ids(analysis.findings.map(\.id)), defaultNamespace: "default",
      newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.diagnostics.map(\.message) == [])
    let edited = String(decoding: try #require(plan.files.first).edited, as: UTF8.self)
    #expect(
      edited.hasSuffix(
        "          SourceSecurityGroupId: !Ref Lb\n        - IpProtocol: tcp\n          FromPort: 8443\n"
          + "          ToPort: 8443\n          SourceSecurityGroupId: !Ref Lb\n"))
  }

  @Test func cloudFormationsOwnDriftDetectionIsACrossCheck() {
    var files = baseFiles(ingress: Self.https + "," + Self.ssh("10.0.0.0/16"))
    // Drift detection says the bucket's tags differ (driftback sees them equal: aws: tags are AWS's own) and
    // says nothing of the public-access block, which the template leaves to AWS's default.
    files.contents["cap/s3/edge-assets/get-public-access-block.json"] =
      #"{"PublicAccessBlockConfiguration": {"BlockPublicAcls": false, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}}"#
    files.contents["cap/drifts.json"] = """
      {"StackResourceDrifts": [{"StackId": "\(Self.stackId)", "LogicalResourceId": "Assets",
        "PhysicalResourceId": "edge-assets", "ResourceType": "AWS::S3::Bucket",
        "ExpectedProperties": "{\\"BucketName\\":\\"edge-assets\\"}",
        "ActualProperties": "{\\"BucketName\\":\\"edge-assets\\"}",
        "PropertyDifferences": [{"PropertyPath": "/Tags/0/Value", "ExpectedValue": "a", "ActualValue": "b",
          "DifferenceType": "NOT_EQUAL"}],
        "StackResourceDriftStatus": "MODIFIED", "Timestamp": "2026-11-21T01:58:00.000Z"}]}
      """
    let analysis = analyze(files)
    #expect(
      analysis.findings.map { "\($0.resource) \($0.path) \($0.action)" } == [
        "edge/Assets PublicAccessBlockConfiguration revert"
      ])
    let notes = analysis.diagnostics.filter { $0.severity == .note }.map(\.message)
    #expect(
      notes.contains(
        "edge/Assets: CloudFormation's drift detection reports /Tags, which driftback finds equal after normalization"))
    #expect(
      notes.contains(
        "edge/Assets: driftback reports /PublicAccessBlockConfiguration: the template leaves it to AWS's default, which CloudFormation does not check"
      ))
  }

  @Test func aLivePasswordIsNeverShownNorWrittenIntoTheTemplate() throws {
    let template = """
      Resources:
        Db:
          Type: AWS::RDS::DBInstance
          Properties:
            DBInstanceIdentifier: edge-db
            MasterUserPassword: OldLiteralPw-1234
        Big:
          Type: AWS::S3::Bucket
          Properties:
            BucketName: !Select [9223372036854775807, [a]]

      """
    let drift = """
      {"StackResourceDrifts": [{"StackId": "\(Self.stackId)", "LogicalResourceId": "Db",
        "PhysicalResourceId": "edge-db", "ResourceType": "AWS::RDS::DBInstance",
        "ExpectedProperties": "{\\"DBInstanceIdentifier\\":\\"edge-db\\",\\"MasterUserPassword\\":\\"OldLiteralPw-1234\\"}",
        "ActualProperties": "{\\"DBInstanceIdentifier\\":\\"edge-db\\",\\"MasterUserPassword\\":\\"NewLivePw-5678\\"}",
        "PropertyDifferences": [], "StackResourceDriftStatus": "MODIFIED", "Timestamp": "2026-11-21T01:58:00.000Z"}]}
      """
    let analysis = analyze(Files(contents: ["iac/edge.yaml": template, "cap/drifts.json": drift]))
    // The out-of-range !Select is an error, not a crash.
    #expect(analysis.diagnostics.contains { $0.message.contains("out of range") })
    let clean = analyze(
      Files(contents: [
        "iac/edge.yaml": template.replacingOccurrences(of: "9223372036854775807", with: "0"), "cap/drifts.json": drift,
      ]))
    let finding = try #require(clean.findings.first { "\($0.path)" == "MasterUserPassword" })
    #expect(finding.involvesSecret)
    // The literal moves out of the template into a dynamic reference; the live value is never written.
    #expect(finding.action == .backport)
    #expect(finding.backport.possible)
    let shown = [finding.iac, finding.live].compactMap { $0 }.map { JSONWriter.compact($0, sortKeys: true) }.joined()
    #expect(!shown.contains("NewLivePw-5678") && !shown.contains("OldLiteralPw-1234"))
    let plan = BackportPlanner().plan(
      clean, selection: .ids([finding.id]), defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    let edited = plan.files.map { String(decoding: $0.edited, as: UTF8.self) }.joined()
    #expect(edited.contains("MasterUserPassword: \"{{resolve:secretsmanager:edge/Db/MasterUserPassword}}\"\n"))
    #expect(!edited.contains("NewLivePw-5678") && !edited.contains("OldLiteralPw-1234"))
  }

  @Test func withoutAParametersFileTheStacksDeployedValuesAreUsed() throws {
    // Deployed with AdminCidr=192.168.0.0/24 (describe-stacks), the template's Default says 10.0.0.0/16.
    var files = baseFiles(ingress: Self.https + "," + Self.ssh("192.168.0.0/24"))
    files.contents["cap/describe-stacks.json"] = """
      {"Stacks": [{"StackId": "\(Self.stackId)", "StackName": "edge", "StackStatus": "UPDATE_COMPLETE",
        "CreationTime": "2026-10-02T09:00:00Z",
        "Parameters": [{"ParameterKey": "AdminCidr", "ParameterValue": "192.168.0.0/24"},
                       {"ParameterKey": "LogRetention", "ParameterValue": "****"}]}]}
      """
    let analysis = analyze(files)
    #expect(analysis.findings.map { "\($0.path)" } == [])
    // A runtime change of that rule is reported, and its parameter cannot be back-ported into a file.
    files.contents["cap/ec2/describe-security-groups.json"] = Self.groups(
      ingress: Self.https + "," + Self.ssh("192.168.9.0/24"))
    let changed = analyze(files)
    let removed = try #require(changed.findings.first { $0.change == .removed })
    #expect("\(removed.path)".contains("192.168.0.0/24"))
  }

  @Test func aParametersLineThatAlsoHoldsANoEchoValueIsNotEdited() throws {
    let template = Self.template.replacingOccurrences(
      of: "      BucketName: edge-assets\n",
      with: "      BucketName: edge-assets\n      VersioningConfiguration:\n        Status: !Ref Versioning\n"
    ).replacingOccurrences(
      of: "  LogRetention:\n",
      with: "  Versioning:\n    Type: String\n  DbPassword:\n    Type: String\n    NoEcho: true\n  LogRetention:\n")
    var files = baseFiles(ingress: Self.https + "," + Self.ssh("10.0.0.0/16"))
    files.contents["iac/edge.yaml"] = template
    files.contents["cap/s3/edge-assets/get-bucket-versioning.json"] = #"{"Status": "Enabled"}"#
    // One line: the versioning status and the password side by side.
    files.contents["iac/edge.parameters.json"] = #"["Versioning=Suspended", "DbPassword=Tr0ub4dor-and-3"]"#
    let analysis = analyze(files)
    let finding = try #require(analysis.findings.first { "\($0.path)" == "VersioningConfiguration.Status" })
    #expect(!finding.backport.possible)
    #expect(finding.backport.reason.contains("also holds the NoEcho parameter DbPassword"))
    #expect(!finding.backport.reason.contains("Tr0ub4dor"))
  }

  @Test func malformedInputIsAnErrorWithAPosition() {
    var files = baseFiles(ingress: Self.https)
    files.contents["iac/edge.yaml"] = Self.template.replacingOccurrences(of: "!Ref AdminCidr", with: "!Ref AdminCird")
    let analysis = analyze(files)
    #expect(analysis.hasErrors)
    #expect(analysis.diagnostics.contains { $0.severity == .error && $0.location?.line == 23 })
  }
}
