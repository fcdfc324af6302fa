import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

@Suite struct CloudFormationTemplateTests {
  // MARK: - Helpers

  /// A template whose only resource has `Properties: {P: <text>}`; `text` is written after `P:`.
  static func property(_ text: String) -> String {
    """
    Resources:
      R:
        Type: AWS::SSM::Parameter
        Properties:
          P: \(text)
    """
  }

  static func load(_ text: String, path: String = "template.yaml") throws -> CloudFormationTemplate {
    try CloudFormationTemplate.load(SourceFile(path: path, text: text))
  }

  /// The value of `P` in ``property(_:)``.
  static func loadProperty(_ text: String) throws -> Value {
    try #require(try load(property(text)).resources["R"]?["Properties"]?["P"])
  }

  /// The diagnostic a template is refused with.
  static func refusal(
    _ text: String, path: String = "bad.yaml", limits: ParseLimits = .default,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> Diagnostic? {
    do {
      _ = try CloudFormationTemplate.load(SourceFile(path: path, text: text), limits: limits)
      Issue.record("the template loaded", sourceLocation: sourceLocation)
      return nil
    } catch let diagnostic as Diagnostic {
      #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
      return diagnostic
    } catch {
      Issue.record("not a Diagnostic: \(error)", sourceLocation: sourceLocation)
      return nil
    }
  }

  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func sample(_ name: String) throws -> SourceFile {
    let url = packageRoot.appendingPathComponent("iac-samples/cloudformation/" + name)
    return SourceFile(path: "iac-samples/cloudformation/" + name, bytes: Array(try Data(contentsOf: url)))
  }

  // MARK: - Short forms

  @Test func refAndConditionKeepTheirNames() throws {
    #expect(try Self.loadProperty("!Ref Environment") == ["Ref": "Environment"])
    #expect(try Self.loadProperty("!Ref AWS::NoValue") == ["Ref": "AWS::NoValue"])
    #expect(try Self.loadProperty("!Condition IsProd") == ["Condition": "IsProd"])
  }

  @Test(arguments: [
    "Sub", "Join", "If", "Select", "Split", "FindInMap", "ImportValue", "Base64", "Cidr", "GetAZs", "Equals",
    "And", "Or", "Not", "Transform", "Length", "ToJsonString", "ForEach", "Contains", "EachMemberEquals",
    "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll",
  ])
  func everyOtherShortFormBecomesFn(_ name: String) throws {
    let key = "Fn::" + name
    #expect(try Self.loadProperty("!\(name) text") == Value.map(ValueMap([ValueMap.Entry(key: key, value: "text")])))
    #expect(
      try Self.loadProperty("!\(name) [a, 1, true]")
        == Value.map(ValueMap([ValueMap.Entry(key: key, value: ["a", 1, true])])))
    #expect(
      try Self.loadProperty("!\(name) {Name: x, Parameters: {A: b}}")
        == Value.map(ValueMap([ValueMap.Entry(key: key, value: ["Name": "x", "Parameters": ["A": "b"]])])))
  }

  @Test func blockArgumentsOfShortForms() throws {
    let template = try Self.load(
      """
      Resources:
        Instance:
          Type: AWS::EC2::Instance
          Properties:
            ImageId: !FindInMap
              - RegionMap
              - !Ref AWS::Region
              - AMI
            UserData: !Base64
              Fn::Sub: |
                #!/bin/bash
                echo ${AWS::StackName}
            Tags: !If
              - IsProd
              - - Key: env
                  Value: prod
              - !Ref AWS::NoValue
      """)
    let properties = try #require(template.resources["Instance"]?["Properties"])
    #expect(properties["ImageId"] == ["Fn::FindInMap": ["RegionMap", ["Ref": "AWS::Region"], "AMI"]])
    #expect(properties["UserData"] == ["Fn::Base64": ["Fn::Sub": "#!/bin/bash\necho ${AWS::StackName}\n"]])
    #expect(properties["Tags"] == ["Fn::If": ["IsProd", [["Key": "env", "Value": "prod"]], ["Ref": "AWS::NoValue"]]])
  }

  @Test func getAttSplitsAtTheFirstDot() throws {
    #expect(try Self.loadProperty("!GetAtt AppRole.Arn") == ["Fn::GetAtt": ["AppRole", "Arn"]])
    #expect(try Self.loadProperty("!GetAtt Db.Endpoint.Address") == ["Fn::GetAtt": ["Db", "Endpoint.Address"]])
    #expect(try Self.loadProperty("!GetAtt 'Db.Endpoint.Port'") == ["Fn::GetAtt": ["Db", "Endpoint.Port"]])
    #expect(try Self.loadProperty("!GetAtt [Db, Endpoint.Address]") == ["Fn::GetAtt": ["Db", "Endpoint.Address"]])
    #expect(try Self.loadProperty("!GetAtt [Db, !Ref Attribute]") == ["Fn::GetAtt": ["Db", ["Ref": "Attribute"]]])
  }

  @Test func nestedShortForms() throws {
    #expect(
      try Self.loadProperty(#"!Base64 {"Fn::Sub": "echo ${AWS::Region}"}"#)
        == ["Fn::Base64": ["Fn::Sub": "echo ${AWS::Region}"]])
    #expect(
      try Self.loadProperty("!If [IsProd, !Ref Bucket, !Ref AWS::NoValue]")
        == ["Fn::If": ["IsProd", ["Ref": "Bucket"], ["Ref": "AWS::NoValue"]]])
    #expect(
      try Self.loadProperty("!Select [0, !GetAZs '']") == ["Fn::Select": [0, ["Fn::GetAZs": ""]]])
    #expect(
      try Self.loadProperty("!Join ['', [!GetAtt Lb.DNSName, /health]]")
        == ["Fn::Join": ["", [["Fn::GetAtt": ["Lb", "DNSName"]], "/health"]]])
    #expect(
      try Self.loadProperty("!Sub ['${Name}-x', {Name: !ImportValue {'Fn::Sub': '${Net}-name'}}]")
        == ["Fn::Sub": ["${Name}-x", ["Name": ["Fn::ImportValue": ["Fn::Sub": "${Net}-name"]]]]])
    #expect(
      try Self.loadProperty("!Not [!Equals [!Ref Env, prod]]")
        == ["Fn::Not": [["Fn::Equals": [["Ref": "Env"], "prod"]]]])
  }

  @Test func anEmptyTaggedScalarIsNullAndAQuotedOneIsAString() throws {
    let template = try Self.load(
      """
      Resources:
        Subnet:
          Type: AWS::EC2::Subnet
          Properties:
            AvailabilityZone: !Select
              - 0
              - !GetAZs
            Quoted: !GetAZs ""
            Number: !Ref "8080"
      """)
    let properties = try #require(template.resources["Subnet"]?["Properties"])
    #expect(properties["AvailabilityZone"] == ["Fn::Select": [0, ["Fn::GetAZs": nil]]])
    #expect(properties["Quoted"] == ["Fn::GetAZs": ""])
    #expect(properties["Number"] == ["Ref": "8080"])
    #expect(properties["Number"]?["Ref"]?.string == "8080")
  }

  @Test func standardTagsResolveAsYAMLDoes() throws {
    #expect(try Self.loadProperty("!!str 123") == "123")
    #expect(try Self.loadProperty("!!str true").string == "true")
    #expect(try Self.loadProperty("!!int '42'") == 42)
    #expect(try Self.loadProperty("! 12").string == "12")
  }

  // MARK: - Scalars

  @Test func yaml12CoreScalars() throws {
    let template = try Self.load(
      """
      AWSTemplateFormatVersion: 2010-09-09
      Resources:
        R:
          Type: AWS::SSM::Parameter
          Properties:
            Strings: [Yes, No, On, Off, y, n, yes, 2012-10-17, 0x, 1_000]
            Bools: [true, True, TRUE, false, False, FALSE]
            Nulls: [null, Null, NULL, ~, ]
            Numbers: [0644, 0o17, 0x1F, -3, 1.5, 1e3]
      """)
    let properties = try #require(template.resources["R"]?["Properties"])
    #expect(template.root["AWSTemplateFormatVersion"]?.string == "2010-09-09")
    #expect(properties["Strings"] == ["Yes", "No", "On", "Off", "y", "n", "yes", "2012-10-17", "0x", "1_000"])
    #expect(properties["Strings"]?.list?.allSatisfy { $0.string != nil } == true)
    #expect(properties["Bools"] == [true, true, true, false, false, false])
    #expect(properties["Nulls"] == [nil, nil, nil, nil])
    #expect(properties["Numbers"]?.list?.map { $0.number?.double } == [644, 15, 31, -3, 1.5, 1000])
  }

  @Test func jsonScalarsKeepTheirTypes() throws {
    let template = try Self.load(
      #"{"Resources": {"R": {"Type": "T", "Properties": {"A": "Yes", "B": 1, "C": "1", "D": true, "E": null}}}}"#,
      path: "t.json")
    #expect(template.format == .json)
    let properties = try #require(template.resources["R"]?["Properties"])
    #expect(properties["A"]?.string == "Yes")
    #expect(properties["B"]?.number == Number(1))
    #expect(properties["C"]?.string == "1")
    #expect(properties["D"]?.bool == true)
    #expect(properties["E"]?.isNull == true)
  }

  // MARK: - Spans

  @Test func spansPointIntoTheSample() throws {
    let file = try Self.sample("shop-edge.yaml")
    let template = try CloudFormationTemplate.load(file)
    let ingress = try #require(template.resources["WebSecurityGroup"]?["Properties"]?["SecurityGroupIngress"]?.list)
    let fromPort = try #require(ingress.first?["FromPort"])
    #expect(fromPort == 443)
    let span = try #require(fromPort.span)
    #expect(file.location(of: span.start).line == 40)
    #expect(file.location(of: span.start).column == 21)
    #expect(file.text(span) == "443")
    let keySpan = try #require(ingress.first?.map?.entry("FromPort")?.keySpan)
    #expect(file.text(keySpan) == "FromPort")

    // A short form: the map spans the tagged node, its entry has no key span, the argument has the bytes
    // without the tag.
    let arn = try #require(template.root["Outputs"]?["AppRoleArn"]?["Value"])
    #expect(arn == ["Fn::GetAtt": ["AppRole", "Arn"]])
    #expect(file.text(try #require(arn.span)) == "!GetAtt AppRole.Arn")
    let entry = try #require(arn.map?.entries.first)
    #expect(entry.keySpan == nil)
    #expect(file.text(try #require(entry.value.span)) == "AppRole.Arn")
    #expect(entry.value.list?.compactMap { item in item.span.map { file.text($0) } } == ["AppRole", "Arn"])
    #expect(file.location(of: try #require(arn.span).start).line == 109)

    let bucketName = try #require(template.resources["AssetsBucket"]?["Properties"]?["BucketName"])
    #expect(file.text(try #require(bucketName["Fn::Sub"]?.span)) == "shop-assets-${Environment}-${AWS::AccountId}")
  }

  @Test func aliasedValuesHaveNoSpans() throws {
    let template = try Self.load(
      """
      Resources:
        A:
          Type: AWS::SSM::Parameter
          Properties:
            Tags: &tags
              - Key: app
                Value: !Ref App
        B:
          Type: AWS::SSM::Parameter
          Properties:
            Tags: *tags
      """)
    let a = try #require(template.resources["A"]?["Properties"]?["Tags"])
    let b = try #require(template.resources["B"]?["Properties"]?["Tags"])
    #expect(a == b)
    #expect(a.span != nil)
    #expect(b.span == nil && b.list?.first?["Value"]?.span == nil)
  }

  @Test func mergeKeysApply() throws {
    let template = try Self.load(
      """
      Resources:
        A:
          Type: AWS::SSM::Parameter
          Properties: &base
            Type: String
            Value: a
        B:
          Type: AWS::SSM::Parameter
          Properties:
            <<: *base
            Value: b
      """)
    #expect(template.resources["B"]?["Properties"] == ["Type": "String", "Value": "b"])
  }

  // MARK: - Samples and structure

  @Test func samplesLoad() throws {
    let edge = try CloudFormationTemplate.load(try Self.sample("shop-edge.yaml"))
    #expect(edge.format == .yaml)
    #expect(edge.resources.keys == ["WebSecurityGroup", "AssetsBucket", "AppRole"])
    #expect(edge.resources["AppRole"]?["Type"] == "AWS::IAM::Role")
    #expect(edge.parameters.keys == ["Environment", "AdminCidr", "AssetsVersioning"])
    #expect(edge.conditions["IsProd"] == ["Fn::Equals": [["Ref": "Environment"], "prod"]])
    #expect(edge.mappings["SessionDuration"]?["staging"]?["Seconds"] == 7200)
    #expect(edge.outputs.keys == ["AppRoleArn", "WebSecurityGroupId"])
    let role = try #require(edge.resources["AppRole"]?["Properties"])
    #expect(role["MaxSessionDuration"] == ["Fn::FindInMap": ["SessionDuration", ["Ref": "Environment"], "Seconds"]])
    #expect(role["AssumeRolePolicyDocument"]?["Version"]?.string == "2012-10-17")
    let block = try #require(edge.resources["AssetsBucket"]?["Properties"]?["PublicAccessBlockConfiguration"])
    #expect(block["BlockPublicAcls"] == false)
    #expect(block["IgnorePublicAcls"]?.string == "false")
    #expect(edge.resources["WebSecurityGroup"]?["Properties"]?["SecurityGroupIngress"]?.list?[2]["FromPort"] == "8080")

    let logs = try CloudFormationTemplate.load(try Self.sample("shop-logs.json"))
    #expect(logs.format == .json)
    #expect(logs.resources.keys == ["LogsBucket"])
    #expect(logs.resources["LogsBucket"]?["Properties"]?["BucketName"] == ["Fn::Sub": "shop-logs-${AWS::AccountId}"])
    #expect(logs.parameters.isEmpty && logs.conditions.isEmpty && logs.mappings.isEmpty)
  }

  @Test func formatFollowsTheNameOrTheFirstCharacter() throws {
    let json = #"{"Resources": {"R": {"Type": "T"}}}"#
    #expect(try Self.load(json, path: "stack.template").format == .json)
    #expect(try Self.load(json, path: "stack.yaml").format == .yaml)
    #expect(try Self.load("\u{FEFF}  " + json, path: "stack.template").format == .json)
    #expect(try Self.load("Resources:\n  R:\n    Type: T\n", path: "stack.template").format == .yaml)
    #expect(try Self.load(json, path: "stack.yaml").root == Self.load(json, path: "stack.json").root)
  }

  @Test func languageExtensionLoopsAreNotResources() throws {
    let template = try Self.load(
      """
      Transform: AWS::LanguageExtensions
      Resources:
        Fn::ForEach::Topics:
          - Name
          - [A, B]
          - Topic${Name}:
              Type: AWS::SNS::Topic
      """)
    #expect(template.resources["Fn::ForEach::Topics"]?.list?.count == 3)
  }

  // MARK: - Refusals

  @Test func duplicateKeysAreRefusedAtTheSecondOccurrence() throws {
    let yaml = try #require(
      Self.refusal(
        """
        Resources:
          Topic:
            Type: AWS::SNS::Topic
          Topic:
            Type: AWS::SNS::Topic
        """))
    #expect(yaml.message.contains("\"Topic\""))
    #expect(yaml.location?.line == 4 && yaml.location?.column == 3)

    let json = try #require(
      Self.refusal(#"{"Resources": {"T": {"Type": "A", "Type": "B"}}}"#, path: "bad.json"))
    #expect(json.message.contains("\"Type\""))
    #expect(json.location?.line == 1 && json.location?.column == 35)
  }

  @Test func unknownTagsAreRefusedWithTheirPosition() throws {
    let diagnostic = try #require(Self.refusal(Self.property("!Rain::Embed file.txt")))
    #expect(diagnostic.message.hasPrefix("unknown tag !Rain::Embed"))
    #expect(diagnostic.location?.line == 5 && diagnostic.location?.column == 10)
    let custom = try #require(Self.refusal(Self.property("!Reference X")))
    #expect(custom.message.hasPrefix("unknown tag !Reference"))
  }

  @Test func keysMustBeStrings() throws {
    let intrinsic = try #require(Self.refusal(Self.property("{!Ref Name: value}")))
    #expect(intrinsic.message == #"mapping key is an intrinsic function (!Ref "Name"), not a string"#)
    #expect(intrinsic.location?.line == 5 && intrinsic.location?.column == 11)

    let flowPair = try #require(Self.refusal(Self.property(#"[!ImportValue Fn::Sub: "${Net}-a"]"#)))
    #expect(flowPair.message == #"mapping key is an intrinsic function (!ImportValue "Fn::Sub"), not a string"#)
    #expect(flowPair.location?.column == 11)

    let blockKey = try #require(
      Self.refusal(
        """
        Resources:
          !Sub "${Name}":
            Type: AWS::SNS::Topic
        """))
    #expect(blockKey.message.hasPrefix("mapping key is an intrinsic function (!Sub"))
    #expect(blockKey.location?.line == 2 && blockKey.location?.column == 3)

    let unknownTagOnKey = try #require(Self.refusal(Self.property("{!Foo Name: value}")))
    #expect(unknownTagOnKey.message == "unknown tag !Foo on a mapping key")

    let listKey = try #require(Self.refusal(Self.property("{[a, b]: value}")))
    #expect(listKey.message == "mapping key is a list, not a string")
    #expect(listKey.location?.column == 11)
  }

  @Test func getAttNeedsADot() throws {
    for argument in ["!GetAtt AppRole", "!GetAtt", "!GetAtt .Arn", "!GetAtt AppRole.", "!GetAtt ''"] {
      let diagnostic = try #require(Self.refusal(Self.property(argument)), "\(argument)")
      #expect(diagnostic.message.hasPrefix("!GetAtt needs LogicalId.AttributeName"), "\(argument)")
      #expect(diagnostic.location?.line == 5 && diagnostic.location?.column == 10, "\(argument)")
    }
  }

  @Test func emptyFilesAreRefused() throws {
    for text in ["", "   \n\n", "# only a comment\n", "---\n", "---\n...\n", "~\n"] {
      let diagnostic = try #require(Self.refusal(text), "\(text.debugDescription)")
      #expect(diagnostic.message == "empty template", "\(text.debugDescription)")
      #expect(diagnostic.location?.line == 1 && diagnostic.location?.column == 1)
    }
    let json = try #require(Self.refusal(" \n", path: "empty.json"))
    #expect(json.message == "empty template")
  }

  @Test func documentsThatAreNotTemplatesAreRefused() throws {
    let unknown = try #require(Self.refusal("AWSTemplateFormatVersion: '2010-09-09'\napiVersion: v1\nkind: Pod\n"))
    #expect(
      unknown.message == "not a CloudFormation template: no Resources section (unknown top-level keys apiVersion, kind)"
    )
    #expect(unknown.location?.line == 2 && unknown.location?.column == 1)

    let noResources = try #require(Self.refusal("Description: nothing\n"))
    #expect(noResources.message == "not a CloudFormation template: no Resources section")

    let list = try #require(Self.refusal("- Resources\n"))
    #expect(list.message.hasPrefix("not a CloudFormation template: the document is a list"))

    let resourcesList = try #require(Self.refusal("Resources:\n  - Type: AWS::SNS::Topic\n"))
    #expect(resourcesList.message.hasPrefix("Resources must be a mapping"))
    #expect(resourcesList.location?.line == 2 && resourcesList.location?.column == 3)

    let parameters = try #require(Self.refusal("Parameters: [a]\nResources:\n  T:\n    Type: AWS::SNS::Topic\n"))
    #expect(parameters.message == "Parameters must be a mapping, not a list")
  }

  @Test func resourcesNeedAType() throws {
    let missing = try #require(
      Self.refusal("Resources:\n  Topic:\n    Properties:\n      TopicName: t\n"))
    #expect(missing.message == "resource Topic has no Type")
    #expect(missing.location?.line == 2 && missing.location?.column == 3)

    let notString = try #require(Self.refusal("Resources:\n  Topic:\n    Type: !Ref TypeName\n"))
    #expect(notString.message.hasPrefix("resource Topic: Type must be a resource type name"))
    #expect(notString.location?.line == 3 && notString.location?.column == 11)

    let notMapping = try #require(Self.refusal("Resources:\n  Topic: AWS::SNS::Topic\n"))
    #expect(notMapping.message == "resource Topic must be a mapping with a Type, not a string")
  }

  @Test func aSecondDocumentIsRefused() throws {
    let diagnostic = try #require(
      Self.refusal("Resources:\n  T:\n    Type: AWS::SNS::Topic\n---\nResources:\n  U:\n    Type: AWS::SNS::Topic\n"))
    #expect(diagnostic.message.hasPrefix("a template is a single YAML document"))
    #expect(diagnostic.location?.line == 5)
  }

  @Test func syntaxErrorsAreLocated() throws {
    let yaml = try #require(Self.refusal("Resources:\n  T:\n    Type: [a\n"))
    #expect(yaml.location != nil && (yaml.location?.line ?? 0) > 0)
    let json = try #require(Self.refusal(#"{"Resources": {"T" {}}}"#, path: "bad.json"))
    #expect(json.location?.line == 1 && json.location?.column == 20)
  }

  @Test func deepNestingIsADiagnosticNotACrash() throws {
    let depth = 5000
    let yaml = Self.property(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
    let yamlDiagnostic = try #require(Self.refusal(yaml))
    #expect(yamlDiagnostic.message.contains("nesting is deeper than the limit"))

    let shortForms = Self.property(
      String(repeating: "!Not [", count: depth) + "x" + String(repeating: "]", count: depth))
    #expect(Self.refusal(shortForms)?.message.contains("nesting is deeper than the limit") == true)

    let json =
      #"{"Resources": {"R": {"Type": "T", "Properties": {"P": "#
      + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}}}}"
    #expect(Self.refusal(json, path: "deep.json")?.message.contains("nest") == true)

    // Within the limit, a deep template loads.
    let nested = Self.property(String(repeating: "!Not [", count: 150) + "x" + String(repeating: "]", count: 150))
    #expect(try Self.load(nested).resources["R"] != nil)
  }

  @Test func aliasBombsAreRefused() throws {
    var text = "Resources:\n  R:\n    Type: T\n    Properties:\n      a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in 1...8 {
      let items = Array(repeating: "*\(level == 1 ? "a" : "l\(level - 1)")", count: 10).joined(separator: ", ")
      text += "      l\(level): &l\(level) [\(items)]\n"
    }
    #expect(Self.refusal(text)?.message.contains("billion laughs") == true)
  }
}
