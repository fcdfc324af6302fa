import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

@Suite struct CloudFormationIntrinsicTests {
  /// Writes `text` as the value of `P` (key at column 6) in a template, loads it and returns `P`.
  static func reload(_ text: String) throws -> Value {
    let separator = text.hasPrefix("\n") ? "" : " "
    let template = """
      Resources:
        R:
          Type: AWS::SSM::Parameter
          Properties:
            P:\(separator)\(text)
            Next: kept
      """
    let loaded = try CloudFormationTemplate.load(SourceFile(path: "t.yaml", text: template))
    #expect(loaded.resources["R"]?["Properties"]?["Next"] == "kept", "the text ended where it should: \(template)")
    return try #require(loaded.resources["R"]?["Properties"]?["P"])
  }

  /// Renders at column 6 and checks that the text reads back as the same value.
  static func render(_ value: Value, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
    let text = try #require(CloudFormationIntrinsic.yamlText(for: value, indent: 6), sourceLocation: sourceLocation)
    let reloaded = try reload(text)
    #expect(reloaded == value, "round trip of \(text.debugDescription)", sourceLocation: sourceLocation)
    return text
  }

  // MARK: - Table

  @Test func tagsAndKeys() {
    #expect(CloudFormationIntrinsic.longFormKey(forTag: "!Ref") == "Ref")
    #expect(CloudFormationIntrinsic.longFormKey(forTag: "!Condition") == "Condition")
    #expect(CloudFormationIntrinsic.longFormKey(forTag: "!GetAtt") == "Fn::GetAtt")
    #expect(CloudFormationIntrinsic.longFormKey(forTag: "!ToJsonString") == "Fn::ToJsonString")
    #expect(CloudFormationIntrinsic.longFormKey(forTag: "!Rain::Embed") == nil)
    #expect(CloudFormationIntrinsic.longFormKey(forTag: "tag:yaml.org,2002:str") == nil)
    #expect(CloudFormationIntrinsic.shortFormTag(forKey: "Fn::Sub") == "!Sub")
    #expect(CloudFormationIntrinsic.shortFormTag(forKey: "Ref") == "!Ref")
    #expect(CloudFormationIntrinsic.shortFormTag(forKey: "Fn::ForEach::Topics") == nil)
    #expect(CloudFormationIntrinsic.shortFormTag(forKey: "Type") == nil)
  }

  @Test func calls() {
    #expect(CloudFormationIntrinsic.call(in: ["Ref": "X"])?.key == "Ref")
    #expect(CloudFormationIntrinsic.call(in: ["Fn::Sub": "x"])?.argument == "x")
    #expect(CloudFormationIntrinsic.call(in: ["Condition": "IsProd"])?.key == "Condition")
    // A resource's or output's Condition attribute sits next to other keys, or names no string.
    #expect(CloudFormationIntrinsic.call(in: ["Condition": "IsProd", "Value": "x"]) == nil)
    #expect(CloudFormationIntrinsic.call(in: ["Condition": ["a": 1]]) == nil)
    #expect(CloudFormationIntrinsic.call(in: ["Fn::Unknown": "x"]) == nil)
    #expect(CloudFormationIntrinsic.call(in: "Ref") == nil)
    #expect(CloudFormationIntrinsic.containsCall([["Key": "env", "Value": ["Ref": "Env"]]]))
    #expect(!CloudFormationIntrinsic.containsCall(["Key": "env", "Value": "prod"]))
  }

  // MARK: - Rendering

  @Test func noIntrinsicGivesNil() {
    #expect(CloudFormationIntrinsic.yamlText(for: "plain", indent: 0) == nil)
    #expect(CloudFormationIntrinsic.yamlText(for: ["Key": "env", "Value": ["a", 1]], indent: 4) == nil)
  }

  @Test func shortFormsOnOneLine() throws {
    #expect(try Self.render(["Ref": "Environment"]) == "!Ref Environment")
    #expect(try Self.render(["Ref": "AWS::NoValue"]) == "!Ref AWS::NoValue")
    #expect(try Self.render(["Fn::Sub": "shop-web-${Environment}"]) == "!Sub shop-web-${Environment}")
    #expect(try Self.render(["Fn::Sub": "arn:${AWS::Partition}:s3:::b/*"]) == "!Sub arn:${AWS::Partition}:s3:::b/*")
    #expect(try Self.render(["Fn::Sub": "a: b"]) == #"!Sub "a: b""#)
    #expect(try Self.render(["Fn::GetAtt": ["AppRole", "Arn"]]) == "!GetAtt AppRole.Arn")
    #expect(try Self.render(["Fn::GetAtt": ["Db", "Endpoint.Address"]]) == "!GetAtt Db.Endpoint.Address")
    #expect(try Self.render(["Fn::GetAtt": ["Db", ["Ref": "Attr"]]]) == "!GetAtt [Db, !Ref Attr]")
    #expect(try Self.render(["Fn::GetAZs": ""]) == #"!GetAZs """#)
    #expect(try Self.render(["Fn::GetAZs": nil]) == "!GetAZs")
    #expect(try Self.render(["Ref": "8080"]) == #"!Ref "8080""#)
    #expect(try Self.render(["Fn::Base64": 12]) == "!Base64 12")
    #expect(
      try Self.render(["Fn::FindInMap": ["SessionDuration", ["Ref": "Environment"], "Seconds"]])
        == "!FindInMap [SessionDuration, !Ref Environment, Seconds]")
    #expect(
      try Self.render(["Fn::If": ["IsProd", ["Ref": "Bucket"], ["Ref": "AWS::NoValue"]]])
        == "!If [IsProd, !Ref Bucket, !Ref AWS::NoValue]")
    #expect(
      try Self.render(["Fn::Join": ["", ["arn:aws:s3:::", ["Ref": "B"], "/*"]]])
        == #"!Join ["", ["arn:aws:s3:::", !Ref B, /*]]"#)
    #expect(try Self.render(["Fn::Select": [0, ["Fn::GetAZs": nil]]]) == "!Select [0, !GetAZs ]")
    #expect(try Self.render(["Fn::Select": [0, ["Fn::GetAZs": ""]]]) == #"!Select [0, !GetAZs ""]"#)
    #expect(
      try Self.render(["Fn::Equals": [["Ref": "Env"], "prod"]]) == "!Equals [!Ref Env, prod]")
    #expect(try Self.render(["Fn::Not": [["Condition": "IsProd"]]]) == "!Not [!Condition IsProd]")
    #expect(
      try Self.render(["Fn::Transform": ["Name": "AWS::Include", "Parameters": ["Location": "s3://b/k"]]])
        == "!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}")
  }

  @Test func aShortFormNeverWrapsAShortForm() throws {
    #expect(try Self.render(["Fn::Base64": ["Fn::Sub": "x-${A}"]]) == "\n        Fn::Base64: !Sub x-${A}")
    #expect(
      try Self.render(["Fn::ImportValue": ["Fn::Sub": "${Net}-vpc"]]) == "\n        Fn::ImportValue: !Sub ${Net}-vpc")
    #expect(
      try Self.render(["Fn::Base64": ["Fn::Base64": ["Ref": "X"]]])
        == "\n        Fn::Base64:\n          Fn::Base64: !Ref X")
    // Inside a flow collection the long form is a flow map.
    #expect(
      try Self.render(["Fn::Join": ["", [["Fn::Base64": ["Ref": "X"]], "suffix"]]])
        == #"!Join ["", [{"Fn::Base64": !Ref X}, suffix]]"#)
    // Strings a YAML 1.1 reader (aws-cli, cfn-lint) would take for booleans are quoted.
    #expect(try Self.render(["Fn::Join": ["", ["y", ["Ref": "X"]]]]) == #"!Join ["", ["y", !Ref X]]"#)
    // A string argument of Fn::GetAtt would read back as a list with the short form.
    #expect(try Self.render(["Fn::GetAtt": "A.B"]) == "\n        Fn::GetAtt: A.B")
  }

  @Test func multiLineSubIsALiteralBlock() throws {
    let script = "#!/bin/bash\necho ${AWS::StackName}\n"
    #expect(
      try Self.render(["Fn::Sub": .string(script)]) == "!Sub |\n        #!/bin/bash\n        echo ${AWS::StackName}")
    #expect(
      try Self.render(["Fn::Base64": ["Fn::Sub": .string(script)]])
        == "\n        Fn::Base64: !Sub |\n          #!/bin/bash\n          echo ${AWS::StackName}")
  }

  @Test func collectionsHoldingIntrinsicsAreBlocks() throws {
    let tags: Value = [["Key": "env", "Value": ["Ref": "Environment"]], ["Key": "app", "Value": "shop"]]
    #expect(
      try Self.render(tags)
        == "\n        - Key: env\n          Value: !Ref Environment\n        - Key: app\n          Value: shop")
    let status: Value = ["Status": ["Ref": "AssetsVersioning"], "Rules": [] as Value]
    #expect(try Self.render(status) == "\n        Status: !Ref AssetsVersioning\n        Rules: []")
    let nested: Value = [[["Fn::GetAZs": nil], "a"], ["Fn::Base64": ["Fn::Sub": "x"]]]
    #expect(
      try Self.render(nested) == "\n        - - !GetAZs\n          - a\n        - Fn::Base64: !Sub x")
  }

  @Test func renderingReadsBackFromTheSample() throws {
    let url = CloudFormationTemplateTests.packageRoot.appendingPathComponent(
      "iac-samples/cloudformation/shop-edge.yaml")
    let template = try CloudFormationTemplate.load(
      SourceFile(path: url.path, text: try String(contentsOf: url, encoding: .utf8)))
    var rendered = 0
    for resource in template.resources.entries {
      for property in resource.value["Properties"]?.map?.entries ?? [] {
        guard let text = CloudFormationIntrinsic.yamlText(for: property.value, indent: 6) else { continue }
        #expect(try Self.reload(text) == property.value, "\(resource.key).\(property.key): \(text)")
        rendered += 1
      }
    }
    #expect(rendered == 10)
  }
}
