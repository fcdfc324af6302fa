import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

/// Templates and parameter files for the evaluator tests.
enum CloudFormationEvaluatorFixture {
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
  }()

  static let samplePseudo = [
    "AWS::AccountId": "123456789012", "AWS::Region": "us-east-1", "AWS::Partition": "aws",
  ]

  static func sampleFile(_ name: String) throws -> SourceFile {
    let path = packageRoot + "/iac-samples/cloudformation/" + name
    let data = try #require(FileManager.default.contents(atPath: path))
    return SourceFile(path: "iac-samples/cloudformation/" + name, bytes: Array(data))
  }

  typealias Result = (resources: [CloudFormationEvaluatedResource], unknownValues: Int, diagnostics: [Diagnostic])

  /// Evaluates a JSON template (long forms), read with the plain JSON parser.
  static func evaluate(
    json text: String, parameters: CloudFormationParameterFile? = nil, pseudo: [String: String] = [:],
    stackName: String? = nil
  ) throws -> Result {
    let file = SourceFile(path: "template.json", text: text)
    let node = try #require(try JSONParser().parse(file).root)
    let root = try Value(syntax: node, schema: .core, file: file)
    let evaluator = CloudFormationEvaluator(parameters: parameters, pseudoParameters: pseudo, stackName: stackName)
    return evaluator.evaluate(root: root, file: file, shortForms: false)
  }

  /// A template with `properties` as the Properties of one resource `R` (plus the given sections).
  static func evaluate(
    properties: String, sections: String = "", parameters: CloudFormationParameterFile? = nil,
    pseudo: [String: String] = [:], stackName: String? = nil
  ) throws -> (resource: CloudFormationEvaluatedResource, result: Result) {
    let text = """
      {\(sections.isEmpty ? "" : sections + ",")
       "Resources": {
        "R": {"Type": "AWS::Test::Thing", "Properties": \(properties)},
        "Other": {"Type": "AWS::Test::Thing"}
       }}
      """
    let result = try evaluate(json: text, parameters: parameters, pseudo: pseudo, stackName: stackName)
    return (try #require(result.resources.first), result)
  }

  static func parameterFile(_ text: String, path: String = "params.json") throws -> CloudFormationParameterFile {
    try CloudFormationParameterFile.load(SourceFile(path: path, text: text))
  }

  static func messages(_ result: Result, _ severity: Diagnostic.Severity = .error) -> [String] {
    result.diagnostics.filter { $0.severity == severity }.map(\.message)
  }
}

@Suite("CloudFormation evaluator")
struct CloudFormationEvaluatorTests {
  typealias Fixture = CloudFormationEvaluatorFixture

  func path(_ text: String) throws -> ValuePath { try ValuePath(parsing: text) }

  /// The item at `index` of a list value, without trapping.
  func item(_ value: Value?, _ index: Int) -> Value? {
    guard let items = value?.list, items.indices.contains(index) else { return nil }
    return items[index]
  }

  // MARK: - The sample

  @Test func theSampleEvaluatesWithItsParametersFileAndPseudoParameters() throws {
    let templateFile = try Fixture.sampleFile("shop-edge.yaml")
    let template = try CloudFormationTemplate.load(templateFile)
    let parameterFile = try CloudFormationParameterFile.load(try Fixture.sampleFile("shop-edge.parameters.json"))
    let evaluator = CloudFormationEvaluator(
      parameters: parameterFile, pseudoParameters: Fixture.samplePseudo, stackName: "shop-edge")
    let result = evaluator.evaluate(template)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.rendered))")
    #expect(result.unknownValues == 0)
    #expect(result.resources.map(\.logicalId) == ["WebSecurityGroup", "AssetsBucket", "AppRole"])
    let byId = Dictionary(uniqueKeysWithValues: result.resources.map { ($0.logicalId, $0) })
    let group = try #require(byId["WebSecurityGroup"])
    let bucket = try #require(byId["AssetsBucket"])
    let role = try #require(byId["AppRole"])
    #expect(result.resources.allSatisfy { $0.isCreated == true && $0.unknownPaths.isEmpty })

    #expect(group.type == "AWS::EC2::SecurityGroup")
    #expect(group.properties["GroupName"] == "shop-web-prod")
    #expect(group.origins[try path("GroupName")] == .computed(function: "Fn::Sub"))
    #expect(group.properties["GroupName"]?.span == nil)
    // A literal keeps its span and has no origin.
    let description = try #require(group.properties["GroupDescription"])
    #expect(templateFile.text(try #require(description.span)) == "Web tier of the shop")
    #expect(group.origins[try path("GroupDescription")] == nil)

    let ssh = try #require(item(group.properties["SecurityGroupIngress"], 1))
    #expect(ssh["CidrIp"] == "10.0.0.0/16")
    #expect(ssh["FromPort"] == 22)
    guard case .parameter(let name, let file, let span)? = group.origins[try path("SecurityGroupIngress[1].CidrIp")]
    else {
      Issue.record("no parameter origin for the SSH rule's CidrIp: \(group.origins)")
      return
    }
    #expect(name == "AdminCidr")
    #expect(file == templateFile.path)
    #expect(templateFile.text(try #require(span)) == "10.0.0.0/16")
    #expect(templateFile.lineText(templateFile.lineIndex(of: try #require(span).start)) == "    Default: 10.0.0.0/16")
    #expect(item(group.properties["SecurityGroupIngress"], 2)?["FromPort"] == "8080")
    #expect(item(group.properties["Tags"], 1)?["Value"] == "prod")
    #expect(
      group.origins[try path("Tags[1].Value")]
        == .parameter(
          name: "Environment", file: parameterFile.file.path, span: parameterFile["Environment"]?.span))

    #expect(bucket.properties["BucketName"] == "shop-assets-prod-123456789012")
    #expect(bucket.properties.value(at: ["VersioningConfiguration", "Status"]) == "Suspended")
    guard
      case .parameter(let versioning, let versioningFile, let versioningSpan)? = bucket.origins[
        try path("VersioningConfiguration.Status")]
    else {
      Issue.record("no parameter origin for the versioning status: \(bucket.origins)")
      return
    }
    #expect(versioning == "AssetsVersioning")
    #expect(versioningFile == "iac-samples/cloudformation/shop-edge.parameters.json")
    #expect(parameterFile.file.text(try #require(versioningSpan)) == "\"Suspended\"")
    #expect(bucket.properties.value(at: ["PublicAccessBlockConfiguration", "IgnorePublicAcls"]) == "false")

    #expect(role.properties["MaxSessionDuration"] == 3600)
    #expect(role.properties["MaxSessionDuration"]?.number != nil)
    #expect(role.origins[try path("MaxSessionDuration")] == .computed(function: "Fn::FindInMap"))
    #expect(role.properties["ManagedPolicyArns"] == ["arn:aws:iam::aws:policy/ReadOnlyAccess"])
    let statement = try #require(
      role.properties.value(at: ["Policies"])?.list?.first?.value(at: ["PolicyDocument", "Statement"])?.list?.first)
    #expect(statement["Resource"] == "arn:aws:s3:::shop-assets-prod-123456789012/*")
    #expect(role.properties.value(at: ["AssumeRolePolicyDocument", "Version"]) == "2012-10-17")
  }

  @Test func withoutPseudoParametersTheirUsesAreUnknown() throws {
    let template = try CloudFormationTemplate.load(try Fixture.sampleFile("shop-edge.yaml"))
    let result = CloudFormationEvaluator().evaluate(template)
    #expect(result.diagnostics.isEmpty)
    let bucket = try #require(result.resources.first { $0.logicalId == "AssetsBucket" })
    #expect(bucket.properties["BucketName"] == nil)
    #expect(bucket.unknownPaths == [try path("BucketName")])
    // The Default applies without a parameters file, and the origin points at it.
    #expect(bucket.properties.value(at: ["VersioningConfiguration", "Status"]) == "Suspended")
    if case .parameter(_, let file, let span)? = bucket.origins[try path("VersioningConfiguration.Status")] {
      #expect(file == template.file.path)
      #expect(template.file.text(try #require(span)) == "Suspended")
    } else {
      Issue.record("expected a parameter origin")
    }
    let role = try #require(result.resources.first { $0.logicalId == "AppRole" })
    // A list with an unknown item is unknown as a whole; a map keeps its known keys.
    #expect(role.properties["ManagedPolicyArns"] == nil)
    #expect(
      role.unknownPaths.map(\.description).sorted() == [
        "ManagedPolicyArns", "Policies[0].PolicyDocument.Statement[0].Resource",
      ])
    #expect(role.properties["RoleName"] == "shop-app-prod")
    #expect(result.unknownValues == 3)
  }

  // MARK: - Ref and parameters

  @Test func refToParametersUsesTheFileThenTheDefault() throws {
    let sections = """
      "Parameters": {
        "Size": {"Type": "Number", "Default": 3600},
        "Name": {"Type": "String", "Default": "from-default"},
        "Free": {"Type": "String"},
        "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>", "Default": "subnet-1, subnet-2,subnet-3"},
        "Names": {"Type": "CommaDelimitedList"},
        "Ami": {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "Default": "/aws/ami"},
        "Secret": {"Type": "String", "NoEcho": true, "Default": "hunter2"}
      }
      """
    let parameters = try Fixture.parameterFile(
      #"[{"ParameterKey": "Name", "ParameterValue": "from-file"}, {"ParameterKey": "Names", "ParameterValue": "a,b"}]"#)
    let (resource, result) = try Fixture.evaluate(
      properties: """
        {"Size": {"Ref": "Size"}, "Name": {"Ref": "Name"}, "Free": {"Ref": "Free"}, "Subnets": {"Ref": "Subnets"},
         "Names": {"Ref": "Names"}, "Ami": {"Ref": "Ami"}, "Secret": {"Ref": "Secret"}, "Other": {"Ref": "Other"},
         "Mixed": {"Keep": "x", "Hidden": {"Fn::Sub": "user:${Secret}"}}}
        """, sections: sections, parameters: parameters)
    #expect(Fixture.messages(result).isEmpty)
    #expect(resource.properties["Size"] == "3600")
    #expect(resource.properties["Size"]?.string == "3600")
    #expect(resource.properties["Name"] == "from-file")
    #expect(resource.properties["Subnets"] == ["subnet-1", "subnet-2", "subnet-3"])
    #expect(resource.properties["Names"] == ["a", "b"])
    #expect(resource.properties["Secret"] == "hunter2")
    #expect(resource.sensitivePaths.map(\.description).sorted() == ["Mixed.Hidden", "Secret"])
    #expect(resource.properties.value(at: ["Mixed", "Hidden"]) == "user:hunter2")
    #expect(
      resource.unknownPaths.map(\.description).sorted() == ["Ami", "Free", "Other"],
      "Free has no value, Ami comes from SSM, Other is a resource")
    #expect(
      Fixture.messages(result, .note) == [
        "parameter 'Free' has no Default and no value in the parameters file: values built from it are unknown"
      ])
    if case .parameter(let name, let file, let span)? = resource.origins[try path("Names")] {
      #expect(name == "Names")
      #expect(file == "params.json")
      #expect(parameters.file.text(try #require(span)) == "\"a,b\"")
    } else {
      Issue.record("expected a parameter origin on the list")
    }
    #expect(resource.origins[try path("Names[0]")] == nil, "list items inherit the list's origin")
  }

  @Test func usePreviousValueMakesTheParameterUnknownEvenWithADefault() throws {
    let parameters = try Fixture.parameterFile(#"[{"ParameterKey": "Name", "UsePreviousValue": true}]"#)
    let (resource, result) = try Fixture.evaluate(
      properties: #"{"Name": {"Ref": "Name"}}"#,
      sections: #""Parameters": {"Name": {"Type": "String", "Default": "x"}}"#, parameters: parameters)
    #expect(resource.unknownPaths == [try path("Name")])
    #expect(Fixture.messages(result, .note).count == 1)
  }

  @Test func refToAnUndeclaredNameIsAnErrorAtItsPosition() throws {
    let result = try Fixture.evaluate(
      json: """
        {"Resources": {
          "R": {"Type": "AWS::Test::Thing", "Properties": {"A": {"Ref": "Nope"}, "B": {"Ref": ["x"]}}}
        }}
        """)
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.count == 2)
    #expect(errors.first?.message == "Ref Nope: 'Nope' is not a parameter, a resource or a pseudo parameter")
    #expect(errors.first?.location?.line == 2)
    #expect(errors.first?.location?.column == 65)
    #expect(errors.first?.rendered.hasSuffix("\n" + String(repeating: " ", count: 64) + "^") == true)
    #expect(errors.last?.message == "Ref takes the name of a parameter, a resource or a pseudo parameter")
    #expect(result.unknownValues == 2)
  }

  @Test func parametersTheTemplateDoesNotDeclareAreWarnedAboutInTheFile() throws {
    let parameters = try Fixture.parameterFile("Env=prod\nTypo=1\n", path: "params.txt")
    let (_, result) = try Fixture.evaluate(
      properties: "{}", sections: #""Parameters": {"Env": {"Type": "String"}}"#, parameters: parameters)
    let warning = try #require(result.diagnostics.first { $0.severity == .warning })
    #expect(warning.message == "the template declares no parameter 'Typo'")
    #expect(warning.location?.file == "params.txt")
    #expect(warning.location?.line == 2)
  }

  // MARK: - Pseudo parameters

  @Test func pseudoParametersAndNoValue() throws {
    let (resource, result) = try Fixture.evaluate(
      properties: """
        {"Stack": {"Ref": "AWS::StackName"}, "Suffix": {"Ref": "AWS::URLSuffix"}, "Id": {"Ref": "AWS::StackId"},
         "Gone": {"Ref": "AWS::NoValue"}, "List": ["a", {"Ref": "AWS::NoValue"}, "b"],
         "Nested": {"Keep": 1, "Drop": {"Ref": "AWS::NoValue"}}, "Bad": {"Ref": "AWS::Bogus"},
         "Topics": {"Ref": "AWS::NotificationARNs"}}
        """, pseudo: ["AWS::Partition": "aws-cn", "AWS::NotificationARNs": "arn:1,arn:2"], stackName: "shop")
    #expect(resource.properties["Stack"] == "shop")
    #expect(resource.properties["Suffix"] == "amazonaws.com.cn")
    #expect(resource.origins[try path("Stack")] == .computed(function: "Ref"))
    #expect(resource.properties["Gone"] == nil)
    #expect(resource.properties["List"] == ["a", "b"])
    #expect(resource.properties["Nested"] == ["Keep": 1])
    #expect(resource.properties["Topics"] == ["arn:1", "arn:2"])
    #expect(resource.unknownPaths.map(\.description).sorted() == ["Bad", "Id"])
    #expect(
      Fixture.messages(result) == ["Ref AWS::Bogus: 'AWS::Bogus' is not a parameter, a resource or a pseudo parameter"])
  }

  // MARK: - Fn::Sub

  @Test func subBothFormsEscapesAndUnknowns() throws {
    let (resource, result) = try Fixture.evaluate(
      properties: """
        {"Plain": {"Fn::Sub": "${Env}-${AWS::Region}-${!Literal}-${ Env }"},
         "Vars": {"Fn::Sub": ["${Env}/${Name}/${Dotted.Name}", {"Name": {"Fn::Join": ["-", ["a", "b"]]}, "Dotted.Name": "d"}]},
         "Attr": {"Fn::Sub": "${Other.Arn}"}, "Res": {"Fn::Sub": "id-${Other}"},
         "UnknownVar": {"Fn::Sub": ["${X}", {"X": {"Fn::GetAtt": ["Other", "Arn"]}}]},
         "Dollar": {"Fn::Sub": "cost: $5 and ${unterminated"},
         "NoRegion": {"Fn::Sub": "${AWS::AccountId}"},
         "Missing": {"Fn::Sub": "${Nope}"}, "MissingAttr": {"Fn::Sub": "${Nope.Arn}"},
         "List": {"Fn::Sub": "${Items}"}, "Shape": {"Fn::Sub": ["a", "b"]}}
        """,
      sections:
        #""Parameters": {"Env": {"Type": "String", "Default": "prod"}, "Items": {"Type": "CommaDelimitedList", "Default": "a,b"}}"#,
      pseudo: ["AWS::Region": "eu-west-1"])
    #expect(resource.properties["Plain"] == "prod-eu-west-1-${Literal}-prod")
    #expect(resource.properties["Vars"] == "prod/a-b/d")
    #expect(resource.properties["Dollar"] == "cost: $5 and ${unterminated")
    #expect(
      resource.unknownPaths.map(\.description).sorted() == [
        "Attr", "List", "Missing", "MissingAttr", "NoRegion", "Res", "Shape", "UnknownVar",
      ])
    #expect(
      Fixture.messages(result) == [
        "Fn::Sub ${Nope}: 'Nope' is not a parameter, a resource or a pseudo parameter",
        "unresolvable Fn::Sub variable ${Nope.Arn}: there is no resource 'Nope' in the template",
        "Fn::Sub cannot insert ${Items}: it is a list, not a string",
        "Fn::Sub takes a string or [string, {variables}]",
      ])
  }

  // MARK: - Fn::Join, Fn::Select, Fn::Split, Fn::Base64

  @Test func joinSelectSplitAndBase64() throws {
    let (resource, result) = try Fixture.evaluate(
      properties: """
        {"Join": {"Fn::Join": [",", ["a", 1, true, {"Ref": "AWS::NoValue"}]]},
         "JoinList": {"Fn::Join": ["+", {"Ref": "Items"}]},
         "JoinUnknown": {"Fn::Join": ["", ["a", {"Ref": "Other"}]]},
         "Select": {"Fn::Select": [1, ["x", "y", "z"]]},
         "SelectString": {"Fn::Select": ["0", {"Fn::Split": ["/", "p/q"]}]},
         "SelectAfterUnknown": {"Fn::Select": [1, ["x", {"Ref": "Other"}]]},
         "SelectBeforeUnknown": {"Fn::Select": [0, ["x", {"Ref": "Other"}]]},
         "SelectParam": {"Fn::Select": [{"Ref": "Index"}, {"Ref": "Items"}]},
         "OutOfRange": {"Fn::Select": [3, ["x"]]},
         "Split": {"Fn::Split": [",", "a,,b"]},
         "Base64": {"Fn::Base64": {"Fn::Sub": "#!/bin/sh\\necho ${Index}"}},
         "BadJoin": {"Fn::Join": [","]}, "BadJoinItem": {"Fn::Join": [",", [["nested"]]]}}
        """,
      sections:
        #""Parameters": {"Items": {"Type": "CommaDelimitedList", "Default": "a,b"}, "Index": {"Type": "Number", "Default": "1"}}"#
    )
    #expect(resource.properties["Join"] == "a,1,true")
    #expect(resource.origins[try path("Join")] == .computed(function: "Fn::Join"))
    #expect(resource.properties["JoinList"] == "a+b")
    #expect(resource.properties["Select"] == "y")
    #expect(resource.properties["Select"]?.span == nil, "a selected literal is computed")
    #expect(resource.origins[try path("Select")] == .computed(function: "Fn::Select"))
    #expect(resource.properties["SelectString"] == "p")
    #expect(resource.properties["SelectBeforeUnknown"] == "x")
    #expect(resource.properties["SelectParam"] == "b")
    #expect(resource.properties["Split"] == ["a", "", "b"])
    #expect(resource.properties["Base64"] == "IyEvYmluL3NoCmVjaG8gMQ==")
    #expect(
      resource.unknownPaths.map(\.description).sorted() == [
        "BadJoin", "BadJoinItem", "JoinUnknown", "OutOfRange", "SelectAfterUnknown",
      ])
    #expect(
      Fixture.messages(result) == [
        "Fn::Select index 3 is out of range for a list of 1",
        "Fn::Join takes a list of 2 arguments (found 1)",
        "Fn::Join joins strings, not a list",
      ])
  }

  // MARK: - Fn::FindInMap

  @Test func findInMapKnownMissingAndDefault() throws {
    let sections = """
      "Mappings": {"Sizes": {"prod": {"Count": 3, "Names": ["a", "b"]}}},
      "Parameters": {"Env": {"Type": "String", "Default": "prod"}}
      """
    let (resource, result) = try Fixture.evaluate(
      properties: """
        {"Count": {"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Count"]},
         "Names": {"Fn::FindInMap": ["Sizes", "prod", "Names"]},
         "UnknownKey": {"Fn::FindInMap": ["Sizes", {"Ref": "AWS::Region"}, "Count"]},
         "NoMap": {"Fn::FindInMap": ["Nope", {"Ref": "AWS::Region"}, "Count"]},
         "NoKey": {"Fn::FindInMap": ["Sizes", "staging", "Count"]},
         "NoSecond": {"Fn::FindInMap": ["Sizes", "prod", "Size"]},
         "Default": {"Fn::FindInMap": ["Sizes", "staging", "Count", {"DefaultValue": 1}]}}
        """, sections: sections)
    #expect(resource.properties["Count"] == 3)
    #expect(resource.properties["Names"] == ["a", "b"])
    #expect(resource.origins[try path("Names")] == .computed(function: "Fn::FindInMap"))
    #expect(
      resource.unknownPaths.map(\.description).sorted() == ["Default", "NoKey", "NoMap", "NoSecond", "UnknownKey"])
    #expect(
      Fixture.messages(result) == [
        "Fn::FindInMap: there is no mapping 'Nope' in Mappings",
        "Fn::FindInMap: mapping 'Sizes' has no key 'staging'",
        "Fn::FindInMap: mapping 'Sizes' has no key 'Size' under 'prod'",
        "Fn::FindInMap takes a list of 3 arguments (found 4)",
      ])

    let (extended, extendedResult) = try Fixture.evaluate(
      properties: """
        {"Default": {"Fn::FindInMap": ["Sizes", "staging", "Count", {"DefaultValue": 1}]},
         "Length": {"Fn::Length": {"Fn::FindInMap": ["Sizes", "prod", "Names"]}},
         "Json": {"Fn::ToJsonString": {"b": [1, "x"], "a": {"Ref": "Env"}}}}
        """, sections: sections + #", "Transform": "AWS::LanguageExtensions""#)
    #expect(Fixture.messages(extendedResult).isEmpty)
    #expect(extended.properties["Default"] == 1)
    #expect(extended.properties["Length"] == 2)
    #expect(extended.properties["Json"] == #"{"b":[1,"x"],"a":"prod"}"#)
  }

  // MARK: - Conditions and Fn::If

  static let conditionSections = """
    "Parameters": {"Env": {"Type": "String", "Default": "prod"}, "Size": {"Type": "Number", "Default": "2"}},
    "Conditions": {
      "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
      "IsStaging": {"Fn::Equals": ["staging", {"Ref": "Env"}]},
      "IsTwo": {"Fn::Equals": [{"Ref": "Size"}, 2]},
      "ProdAndTwo": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsTwo"}]},
      "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]},
      "Either": {"Fn::Or": [{"Condition": "IsStaging"}, {"Condition": "InRegion"}]},
      "InRegion": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
      "ProdOrRegion": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "InRegion"}]},
      "ProdAndRegion": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "InRegion"}]}
    }
    """

  @Test func conditionsDecideWhatTheyCan() throws {
    let result = try Fixture.evaluate(
      json: "{" + Self.conditionSections + """
        ,"Resources": {
          "Always": {"Type": "T"},
          "Prod": {"Type": "T", "Condition": "ProdAndTwo"},
          "NotProd": {"Type": "T", "Condition": "NotProd"},
          "Either": {"Type": "T", "Condition": "Either"},
          "ProdOrRegion": {"Type": "T", "Condition": "ProdOrRegion"},
          "ProdAndRegion": {"Type": "T", "Condition": "ProdAndRegion"}
        }}
        """)
    #expect(result.diagnostics.isEmpty)
    let created = Dictionary(uniqueKeysWithValues: result.resources.map { ($0.logicalId, $0.isCreated) })
    #expect(created["Always"] == .some(true))
    #expect(created["Prod"] == .some(true))
    #expect(created["NotProd"] == .some(false))
    #expect(created["Either"] == .some(nil))
    #expect(created["ProdOrRegion"] == .some(true))
    #expect(created["ProdAndRegion"] == .some(nil))
  }

  @Test func ifPicksTheBranchOfADecidedCondition() throws {
    let (resource, result) = try Fixture.evaluate(
      properties: """
        {"Picked": {"Fn::If": ["IsProd", "big", "small"]},
         "FromParam": {"Fn::If": ["IsProd", {"Ref": "Env"}, "x"]},
         "Removed": {"Fn::If": ["NotProd", "x", {"Ref": "AWS::NoValue"}]},
         "Items": ["a", {"Fn::If": ["NotProd", "b", {"Ref": "AWS::NoValue"}]}, "c"],
         "Map": {"Fn::If": ["IsProd", {"Inner": "v", "Deep": {"Ref": "Env"}}, {}]},
         "Undecided": {"Fn::If": ["InRegion", "a", "b"]},
         "MaybeGone": {"Fn::If": ["InRegion", "a", {"Ref": "AWS::NoValue"}]},
         "Untaken": {"Fn::If": ["IsProd", "ok", {"Fn::FindInMap": ["Nope", "a", "b"]}]}}
        """, sections: Self.conditionSections)
    #expect(Fixture.messages(result).isEmpty, "the untaken branch is not evaluated at deploy time")
    #expect(resource.properties["Picked"] == "big")
    #expect(resource.properties["Picked"]?.span == nil)
    #expect(resource.origins[try path("Picked")] == .computed(function: "Fn::If"))
    if case .parameter(let name, let file, _)? = resource.origins[try path("FromParam")] {
      #expect(name == "Env")
      #expect(file == "template.json")
    } else {
      Issue.record("a branch that is a Ref to a parameter keeps the parameter's origin")
    }
    #expect(resource.properties["Removed"] == nil)
    #expect(resource.properties["Items"] == ["a", "c"])
    #expect(resource.properties["Map"] == ["Inner": "v", "Deep": "prod"])
    #expect(resource.origins[try path("Map")] == .computed(function: "Fn::If"))
    #expect(resource.properties["Map"]?["Inner"]?.span == nil)
    if case .parameter(let name, _, _)? = resource.origins[try path("Map.Deep")] {
      #expect(name == "Env")
    } else {
      Issue.record("a Ref inside the taken branch keeps its parameter origin")
    }
    #expect(resource.unknownPaths.map(\.description).sorted() == ["MaybeGone", "Undecided"])
  }

  @Test func conditionErrors() throws {
    let result = try Fixture.evaluate(
      json: """
        {"Conditions": {
          "A": {"Condition": "B"},
          "B": {"Fn::Not": [{"Condition": "A"}]},
          "Bad": {"Fn::Equals": ["a"]},
          "NotAFunction": "yes",
          "Many": {"Fn::And": [{"Condition": "Bad"}]}
         },
         "Resources": {
          "R": {"Type": "T", "Condition": "Missing", "Properties": {"P": {"Fn::If": ["Missing", 1, 2]}}},
          "S": {"Type": "T", "Condition": "A"}
        }}
        """)
    #expect(
      Fixture.messages(result) == [
        "condition 'A' depends on itself: A → B → A",
        "Fn::Equals takes a list of 2 arguments (found 1)",
        "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition",
        "Fn::And takes a list of 2 to 10 arguments (found 1)",
        "condition 'Missing' is not declared in Conditions",
        "condition 'Missing' is not declared in Conditions",
      ])
    #expect(result.resources.map(\.isCreated) == [nil, nil])
    #expect(result.resources.first?.unknownPaths == [try path("P")])
  }

  // MARK: - Functions that are never known

  @Test func runtimeFunctionsAreUnknownAndCheckedForShape() throws {
    let (resource, result) = try Fixture.evaluate(
      properties: """
        {"Att": {"Fn::GetAtt": ["Other", "Arn"]}, "AttDotted": {"Fn::GetAtt": "Other.Endpoint.Address"},
         "Missing": {"Fn::GetAtt": ["Nope", "Arn"]}, "BadAtt": {"Fn::GetAtt": ["Other"]},
         "Import": {"Fn::ImportValue": {"Fn::Sub": "x-${AWS::Region}"}}, "AZs": {"Fn::GetAZs": ""},
         "AZsHere": {"Fn::GetAZs": null}, "Macros": {"Fn::Transform": [{"Name": "A"}, {"Name": "B"}]},
         "Cidr": {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}, "BadCidr": {"Fn::Cidr": ["10.0.0.0/16"]},
         "Macro": {"Fn::Transform": {"Name": "M", "Parameters": {}}},
         "Merged": {"Keep": 1, "Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://x"}}},
         "Secret": "{{resolve:secretsmanager:db:SecretString:password}}",
         "Resolved": {"Fn::Sub": "{{resolve:ssm:/app/${AWS::StackName}}}"},
         "Length": {"Fn::Length": [1]}, "Equals": {"Fn::Equals": [1, 1]}, "Made": {"Fn::Up": 1},
         "Loop": {"Keep": 1, "Fn::ForEach::Ports": ["P", ["80"], {"Port${P}": {"Ref": "P"}}]}}
        """, stackName: "s")
    #expect(resource.properties == Value(.map(ValueMap())))
    #expect(resource.unknownPaths.count == 18)
    #expect(
      Fixture.messages(result) == [
        "unresolvable Fn::GetAtt Nope.Arn: there is no resource 'Nope' in the template",
        "Fn::GetAtt takes [resource, attribute] or \"resource.attribute\"",
        "Fn::Cidr takes a list of 3 arguments (found 1)",
        "Fn::Length needs Transform: AWS::LanguageExtensions",
        "Fn::Equals can only be used in Conditions",
        "unknown intrinsic function 'Fn::Up'",
      ])
  }

  @Test func yamlTemplatesNameFunctionsByTheirShortForms() throws {
    let file = SourceFile(
      path: "t.yaml",
      text: """
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              Arn: !GetAtt Rol.Arn
              Size: !Select [1, !Ref Missing]
        """)
    let result = CloudFormationEvaluator().evaluate(try CloudFormationTemplate.load(file))
    #expect(
      Fixture.messages(result) == [
        "unresolvable !GetAtt Rol.Arn: there is no resource 'Rol' in the template",
        "!Ref Missing: 'Missing' is not a parameter, a resource or a pseudo parameter",
      ])
    let rendered = try #require(result.diagnostics.first).rendered
    #expect(rendered.hasPrefix("t.yaml:5:20: error: unresolvable !GetAtt"))
  }

  @Test func propertiesThatAreAnIntrinsicOrNotAMap() throws {
    let result = try Fixture.evaluate(
      json: """
        {"Resources": {
          "A": {"Type": "T", "Properties": {"Fn::If": ["C", {}, {}]}},
          "B": {"Type": "T", "Properties": {"Fn::GetAtt": ["A", "X"]}},
          "C": {"Type": "T", "Properties": ["x"]},
          "D": {"Type": "T"}
        }, "Conditions": {"C": {"Fn::Equals": [{"Ref": "AWS::Region"}, "x"]}}}
        """)
    #expect(result.resources.map(\.unknownPaths) == [[.root], [.root], [], []])
    #expect(result.unknownValues == 2)
    #expect(Fixture.messages(result) == ["the Properties of 'C' must be a map, not a list"])
    #expect(result.resources.allSatisfy { $0.properties == Value(.map(ValueMap())) })
  }

  @Test func resourcesThatAreNotCreatedDoNotReportDeployTimeErrors() throws {
    let result = try Fixture.evaluate(
      json: """
        {"Conditions": {"Never": {"Fn::Equals": ["a", "b"]}},
         "Resources": {
          "R": {"Type": "T", "Condition": "Never",
                "Properties": {"P": {"Fn::FindInMap": ["Nope", "a", "b"]}, "Q": {"Ref": "Undeclared"}}}
        }}
        """)
    #expect(
      Fixture.messages(result) == ["Ref Undeclared: 'Undeclared' is not a parameter, a resource or a pseudo parameter"])
    #expect(result.resources.first?.isCreated == false)
    #expect(result.unknownValues == 0)
  }

  @Test func outputsAreChecked() throws {
    let result = try Fixture.evaluate(
      json: """
        {"Resources": {"R": {"Type": "T"}},
         "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["Q", "Arn"]}}, "C": {"Condition": "Nope", "Value": "x"}}}
        """)
    #expect(
      Fixture.messages(result) == [
        "unresolvable Fn::GetAtt Q.Arn: there is no resource 'Q' in the template",
        "condition 'Nope' is not declared in Conditions",
      ])
  }
}

@Suite("CloudFormation messages never quote a NoEcho value")
struct CloudFormationNoEchoMessageTests {
  typealias Fixture = CloudFormationEvaluatorFixture
  static let secret = "Tr0ub4dor&3horse"

  @Test func aMappingKeyFromANoEchoParameterIsNotQuoted() throws {
    let parameters = try Fixture.parameterFile(
      #"[{"ParameterKey": "DbPassword", "ParameterValue": "\#(Self.secret)"}]"#)
    let (_, result) = try Fixture.evaluate(
      properties: #"{"BucketName": {"Fn::FindInMap": ["Sizes", {"Ref": "DbPassword"}, "Class"]}}"#,
      sections:
        #""Parameters": {"DbPassword": {"Type": "String", "NoEcho": true}}, "Mappings": {"Sizes": {"small": {"Class": "a"}}}"#,
      parameters: parameters)
    let messages = result.diagnostics.map(\.message)
    #expect(messages.contains { $0.contains("has no key (a NoEcho value)") }, "\(messages)")
    #expect(!messages.contains { $0.contains(Self.secret) })
  }

  @Test func aWordWithoutEqualsInATextParametersFileIsNotQuoted() throws {
    // Shell quoting makes the value a word of its own: the message must not show it, quotes or not.
    let file = SourceFile(path: "params.txt", text: "Env=prod\nAssetsVersioning= 'Hunter2 S3cr3t'\n")
    do {
      _ = try CloudFormationParameterFile.load(file)
      Issue.record("a word without '=' must be refused")
    } catch let diagnostic as Diagnostic {
      #expect(!diagnostic.message.contains("Hunter2"))
      #expect(!diagnostic.message.contains("S3cr3t"))
      #expect(diagnostic.message.hasPrefix("expected Key=Value"))
      #expect(diagnostic.location?.line == 2)
    }
    // A parser's quoted token is cut from a parameters file's message, whatever quotes it holds.
    let parsed = Diagnostic(.error, "expected a value, found 'Hunter2'S3cr3t'", file: "app.parameters.json")
    let cleaned = CloudFormationAnalyzer.withoutParameterValues(parsed, in: ["app.parameters.json"])
    #expect(cleaned.message == "expected a value")
  }
}

@Suite("CloudFormation NoEcho, one test everywhere")
struct CloudFormationNoEchoFlagTests {
  typealias Fixture = CloudFormationEvaluatorFixture

  @Test func anythingButAnExplicitFalseIsNoEcho() throws {
    for (flag, expected) in [
      (#""True""#, true), ("true", true), (#""yes""#, true), ("false", false), (#""False""#, false),
    ] {
      let file = SourceFile(path: "p.json", text: #"{"Type": "String", "NoEcho": \#(flag)}"#)
      let declaration = try #require(try JSONParser().parse(file).root)
      let value = try Value(syntax: declaration, schema: .core, file: file)
      #expect(CloudFormationTemplate.isNoEcho(value) == expected, "\(flag)")
    }
    #expect(!CloudFormationTemplate.isNoEcho(["Type": "String"]))
    // The evaluator agrees: a value built from a `NoEcho: "True"` parameter is sensitive.
    let (resource, _) = try Fixture.evaluate(
      properties: #"{"Url": {"Fn::Sub": "postgres://app:${Db}@db"}}"#,
      sections: #""Parameters": {"Db": {"Type": "String", "NoEcho": "True", "Default": "hunter2-long"}}"#)
    #expect(resource.sensitivePaths.map(\.description) == ["Url"])
  }
}
