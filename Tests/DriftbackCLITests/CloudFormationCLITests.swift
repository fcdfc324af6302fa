import Foundation
import Testing

/// `driftback` on CloudFormation templates, through the built binary.
@Suite("driftback on CloudFormation (CLI)")
struct CloudFormationCLITests {
  static let capture = "snapshots/2026-11-21T02-00Z/cloudformation"

  func findings(_ json: String) throws -> [[String: Any]] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    return try #require(object["findings"] as? [[String: Any]])
  }

  @Test func aMalformedTemplateIsACompilerStyleErrorAndExitTwo() throws {
    let directory = try CLIRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("iac"), withIntermediateDirectories: true)
    let cases: [(String, String)] = [
      (
        "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Arn: !GetAtt Rol.Arn\n",
        "iac/t.yaml:5:20: error: unresolvable !GetAtt Rol.Arn: there is no resource 'Rol' in the template\n      Arn: !GetAtt Rol.Arn\n                   ^"
      ),
      (
        "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SNS::Topic\n",
        "iac/t.yaml:4:3: error: duplicate mapping key \"A\""
      ),
      (
        "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Bogus x\n",
        "iac/t.yaml:5:18: error:"
      ),
    ]
    for (template, expected) in cases {
      try template.write(to: directory.appendingPathComponent("iac/t.yaml"), atomically: true, encoding: .utf8)
      let result = try CLIRunner.run(
        ["report", "--iac", "iac", "--live", CLIRunner.packageRoot.appendingPathComponent(Self.capture).path],
        in: directory)
      #expect(result.status == 2)
      #expect(result.stdout.isEmpty)
      #expect(result.stderr.contains(expected), "\(result.stderr)")
    }
  }

  @Test func pseudoParametersAndStackNamesComeFromTheCommandLine() throws {
    let bad = try CLIRunner.run(["report", "--pseudo", "Region=eu-west-1"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("--pseudo takes NAME=VALUE with a pseudo parameter name"))
    // Another account: the names the template builds with ${AWS::AccountId} no longer match, and
    // a name computed by !Sub is not back-portable.
    let result = try CLIRunner.run([
      "report", "--iac", "iac-samples/cloudformation/shop-edge.yaml", "--parameters",
      "iac-samples/cloudformation/shop-edge.parameters.json", "--stack", "shop-edge", "--live", Self.capture,
      "--pseudo", "AWS::AccountId=999999999999", "--format", "json",
    ])
    #expect(result.status == 1)
    let name = try #require(try findings(result.stdout).first { $0["path"] as? String == "BucketName" })
    #expect(name["live"] as? String == "shop-assets-prod-123456789012")
    #expect(name["iac"] as? String == "shop-assets-prod-999999999999")
    let backport = try #require(name["backport"] as? [String: Any])
    #expect(backport["possible"] as? Bool == false)
    #expect((backport["reason"] as? String)?.contains("Fn::Sub") == true)
  }

  @Test func afterTheBackPortOnlyTheRevertsAndTheUnmanagedGroupRemain() throws {
    let directory = try CLIRunner.copyOfSamples()
    defer { try? FileManager.default.removeItem(at: directory) }
    let applied = try CLIRunner.run(["backport", "--apply"], in: directory)
    #expect(applied.status == 0, "\(applied.stderr)")
    let after = try CLIRunner.run(
      ["report", "--iac", "iac-samples/cloudformation", "--live", Self.capture, "--format", "json"], in: directory)
    #expect(after.status == 1)
    let left = try findings(after.stdout).map { "\($0["resource"] ?? "") \($0["path"] ?? "") \($0["action"] ?? "")" }
    #expect(
      left == [
        "AWS::EC2::SecurityGroup/sg-0e5d8b1c4a7f29d03  revert",
        "shop-edge/AppRole ManagedPolicyArns revert",
        #"shop-edge/WebSecurityGroup SecurityGroupIngress[CidrIp="0.0.0.0/0",FromPort=22,IpProtocol=tcp,ToPort=22] revert"#,
      ])
    // The parameters file took the versioning status; the template kept its comments and quoting.
    let parameters = try String(
      contentsOf: directory.appendingPathComponent("iac-samples/cloudformation/shop-edge.parameters.json"),
      encoding: .utf8)
    #expect(parameters.contains(#"{"ParameterKey": "AssetsVersioning", "ParameterValue": "Enabled"}"#))
    let template = try String(
      contentsOf: directory.appendingPathComponent("iac-samples/cloudformation/shop-edge.yaml"), encoding: .utf8)
    #expect(template.contains("  # Product images, served through the CDN."))
    #expect(template.contains("    Default: Suspended\n"))
  }
}
