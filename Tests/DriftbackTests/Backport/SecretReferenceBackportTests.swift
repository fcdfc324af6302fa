import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

/// A secret drift is back-ported as a reference to where the secret lives (a sensitive Terraform variable, a
/// CloudFormation dynamic reference, a Kubernetes secretKeyRef), or refused with why; the value itself is never
/// written, shown or logged.
@Suite("Secret drift back-ported as references")
struct SecretReferenceBackportTests {
  static let old = "Plant3d-Passw0rd-9xq"
  static let new = "Rotat3d-By-Hand-2026"

  // MARK: - Fixtures

  /// Serves files from memory.
  static func reader(_ files: [String: String]) -> FileReader {
    { path in
      guard let text = files[path] else { throw Diagnostic(.error, "no such file", file: path) }
      return SourceFile(path: path, text: text)
    }
  }

  /// A state with `aws_db_instance.main` whose password is `new` (a sensitive attribute).
  static let state = #"""
    {"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "x", "outputs": {},
     "resources": [{"mode": "managed", "type": "aws_db_instance", "name": "main",
       "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
       "instances": [{"schema_version": 0,
         "attributes": {"identifier": "shop-db", "username": "app", "password": "Rotat3d-By-Hand-2026"},
         "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]}]}
    """#

  static func terraform(_ files: [String: String]) -> Analysis {
    var contents = files
    contents["live/terraform.tfstate"] = state
    let root = files.keys.filter { $0.hasPrefix("tf/") }.sorted()
    return TerraformAnalyzer(redactor: AnalysisFixture.redactor).analyze(
      TerraformAnalyzer.Request(rootModules: [("tf", root)], liveFiles: ["live/terraform.tfstate"], captureLabel: "c1"),
      read: reader(contents), listModule: { _ in nil })
  }

  static let stackId = "arn:aws:cloudformation:us-east-1:123456789012:stack/edge/6a1f1c2e-1111-4222-8333-944455556666"

  /// A drift file: the resource's expected and actual properties, JSON in a JSON string.
  static func drift(_ logicalId: String, type: String, expected: String, actual: String) -> String {
    func embedded(_ json: String) -> String { json.replacingOccurrences(of: "\"", with: "\\\"") }
    return """
      {"StackResourceDrifts": [{"StackId": "\(stackId)", "LogicalResourceId": "\(logicalId)",
        "PhysicalResourceId": "edge-db", "ResourceType": "\(type)",
        "ExpectedProperties": "\(embedded(expected))", "ActualProperties": "\(embedded(actual))",
        "PropertyDifferences": [], "StackResourceDriftStatus": "MODIFIED", "Timestamp": "2026-11-21T01:58:00.000Z"}]}
      """
  }

  static func cloudFormation(_ template: String, drift: String) -> Analysis {
    CloudFormationAnalyzer(redactor: AnalysisFixture.redactor).analyze(
      CloudFormationAnalyzer.Request(
        iacFiles: ["iac/edge.yaml"], parameterFiles: [], liveFiles: ["cap/drifts.json"], captureRoot: "cap",
        captureLabel: "c1"),
      read: reader(["iac/edge.yaml": template, "cap/drifts.json": drift]))
  }

  static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

  static func plan(_ analysis: Analysis) -> BackportPlan {
    BackportPlanner().plan(
      analysis, selection: .defaultBackports, defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
  }

  static func edited(_ plan: BackportPlan, _ path: String) -> String? {
    plan.files.first { $0.path == path }.map { String(decoding: $0.edited, as: UTF8.self) }
  }

  static func finding(_ analysis: Analysis, _ path: String) throws -> Finding {
    try #require(analysis.findings.first { $0.kind == .runtimePatch && $0.path.description == path })
  }

  /// Neither secret appears in the findings, the diagnostics, the edited files or the diffs.
  static func expectNoSecret(
    _ analysis: Analysis, _ plan: BackportPlan, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    var shown = ""
    dump(analysis.findings, to: &shown)
    shown += (analysis.diagnostics + plan.diagnostics).map(\.message).joined(separator: "\n")
    for file in plan.files {
      shown += String(decoding: file.edited, as: UTF8.self)
      shown += file.unifiedDiff(path: file.path, redactor: AnalysisFixture.redactor).text
    }
    for secret in [old, new, base64(old), base64(new)] {
      #expect(!shown.contains(secret), "\(secret) is shown", sourceLocation: sourceLocation)
    }
  }

  // MARK: - Terraform

  static let mainTF = """
    resource "aws_db_instance" "main" {
      identifier = "shop-db"
      username   = "app"
      password   = "\(old)" # set by hand once
    }

    """

  @Test func aTerraformLiteralBecomesASensitiveVariableDeclaredInVariablesTF() throws {
    let analysis = Self.terraform([
      "tf/main.tf": Self.mainTF,
      "tf/variables.tf": "variable \"region\" {\n  type    = string\n  default = \"eu-west-1\"\n}\n",
    ])
    #expect(!analysis.hasErrors, "\(analysis.diagnostics)")
    let finding = try Self.finding(analysis, "password")
    #expect(finding.involvesSecret)
    #expect(finding.action == .backport)
    #expect(finding.backport.possible)
    #expect(
      finding.backport.reason
        == "replace the literal with var.aws_db_instance_main_password (sensitive, no default) in tf/main.tf and declare it in "
        + "tf/variables.tf; give it the live value from your secret store: TF_VAR_aws_db_instance_main_password or a -var-file "
        + "kept out of git")
    let plan = Self.plan(analysis)
    #expect(!plan.hasDropped, "\(plan.diagnostics.map(\.message))")
    #expect(plan.applied.map(\.finding.id) == [finding.id])
    #expect(
      Self.edited(plan, "tf/main.tf") == """
        resource "aws_db_instance" "main" {
          identifier = "shop-db"
          username   = "app"
          password   = var.aws_db_instance_main_password # set by hand once
        }

        """)
    #expect(
      Self.edited(plan, "tf/variables.tf") == """
        variable "region" {
          type    = string
          default = "eu-west-1"
        }

        variable "aws_db_instance_main_password" {
          type      = string
          sensitive = true
        }

        """)
    // Verified: with the edit the password is unknown (a variable with no value), so nothing differs.
    let overrides = Dictionary(uniqueKeysWithValues: plan.files.map { ($0.path, $0.edited) })
    let after = try #require(analysis.terraformReevaluate?(overrides))
    #expect(after[finding.resource]?.isEmpty ?? true)
    Self.expectNoSecret(analysis, plan)
    // The diff shows the removed literal redacted; it no longer applies with git apply.
    let main = try #require(plan.files.first { $0.path == "tf/main.tf" })
    #expect(main.hidesSecrets)
    let diff = main.unifiedDiff(path: "tf/main.tf", redactor: AnalysisFixture.redactor)
    #expect(diff.isRedacted)
    #expect(
      diff.text.contains("-  password   = \"\(AnalysisFixture.redactor.marker(for: Self.old))\" # set by hand once"))
    #expect(diff.text.contains("+  password   = var.aws_db_instance_main_password # set by hand once"))
  }

  @Test func aLiteralWithEscapesIsHiddenAsWrittenInTheDiff() throws {
    // The decoded value (`Xq9"zL\w2…`) is not what the line holds (`Xq9\"zL\\w2…`), and `value` is no
    // credential-looking name: the old line must be hidden by its source text.
    let state = #"""
      {"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "x", "outputs": {},
       "resources": [{"mode": "managed", "type": "aws_ssm_parameter", "name": "db",
         "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
         "instances": [{"schema_version": 0,
           "attributes": {"name": "db", "type": "SecureString", "value": "Rotat3d-By-Hand-2026"},
           "sensitive_attributes": [[{"type": "get_attr", "value": "value"}]]}]}]}
      """#
    let main = #"""
      resource "aws_ssm_parameter" "db" {
        name  = "db"
        type  = "SecureString"
        value = "Xq9\"zL\\w2mNv7Kp"
      }

      """#
    let analysis = TerraformAnalyzer(redactor: AnalysisFixture.redactor).analyze(
      TerraformAnalyzer.Request(
        rootModules: [("tf", ["tf/main.tf"])], liveFiles: ["live/terraform.tfstate"], captureLabel: "c1"),
      read: Self.reader(["tf/main.tf": main, "live/terraform.tfstate": state]), listModule: { _ in nil })
    let plan = Self.plan(analysis)
    #expect(!plan.hasDropped, "\(plan.diagnostics.map(\.message))")
    let file = try #require(plan.files.first { $0.path == "tf/main.tf" })
    let diff = file.unifiedDiff(path: "tf/main.tf", redactor: AnalysisFixture.redactor)
    #expect(diff.text.contains("+  value = var.aws_ssm_parameter_db_value\n"))
    #expect(!diff.text.contains("w2mNv7Kp"), "\(diff.text)")
    #expect(diff.isRedacted)
  }

  @Test func withoutVariablesTFTheVariableIsDeclaredAtTheEndOfTheResourcesFile() throws {
    let analysis = Self.terraform(["tf/main.tf": Self.mainTF])
    let finding = try Self.finding(analysis, "password")
    #expect(finding.backport.reason.contains("declare it at the end of tf/main.tf"))
    let plan = Self.plan(analysis)
    #expect(!plan.hasDropped)
    #expect(
      Self.edited(plan, "tf/main.tf") == """
        resource "aws_db_instance" "main" {
          identifier = "shop-db"
          username   = "app"
          password   = var.aws_db_instance_main_password # set by hand once
        }

        variable "aws_db_instance_main_password" {
          type      = string
          sensitive = true
        }

        """)
    Self.expectNoSecret(analysis, plan)
  }

  @Test func aCRLFFileKeepsItsLineEndingsAndGetsOneBlankLine() throws {
    let crlf = Self.mainTF.replacingOccurrences(of: "\n", with: "\r\n")
    let analysis = Self.terraform(["tf/main.tf": crlf])
    let plan = Self.plan(analysis)
    #expect(!plan.hasDropped, "\(plan.diagnostics.map(\.message))")
    let edited = try #require(Self.edited(plan, "tf/main.tf"))
    #expect(
      edited.hasSuffix(
        "}\r\n\r\nvariable \"aws_db_instance_main_password\" {\r\n  type      = string\r\n  sensitive = true\r\n}\r\n"))
    #expect(!edited.contains("\r\n\r\n\r\n"))
    #expect(!edited.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    // A file that already ends with a blank line gets no second one.
    let blank = Self.plan(Self.terraform(["tf/main.tf": crlf + "\r\n"]))
    let editedBlank = try #require(Self.edited(blank, "tf/main.tf"))
    #expect(
      editedBlank.hasSuffix(
        "}\r\n\r\nvariable \"aws_db_instance_main_password\" {\r\n  type      = string\r\n  sensitive = true\r\n}\r\n"))
    #expect(!editedBlank.contains("\r\n\r\n\r\n"))
  }

  @Test func aTerraformSecretFromAVariableIsSetOutsideSource() throws {
    let analysis = Self.terraform([
      "tf/main.tf": Self.mainTF.replacingOccurrences(of: "\"\(Self.old)\"", with: "var.db_password"),
      "tf/variables.tf": "variable \"db_password\" {\n  type      = string\n  sensitive = true\n}\n",
      "tf/terraform.tfvars": "db_password = \"\(Self.old)\"\n",
    ])
    let finding = try Self.finding(analysis, "password")
    #expect(finding.action == .review)
    #expect(!finding.backport.possible)
    #expect(
      finding.backport.reason
        == "secret values are never written into source: the value comes from var.db_password, set by "
        + "tf/terraform.tfvars (tfvars); a secret's new value is set outside source (TF_VAR_db_password, or a "
        + "-var-file filled from your secret store and kept out of git) and never written by driftback")
    let plan = BackportPlanner().plan(
      analysis, selection: .ids([finding.id]), defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.files.isEmpty && plan.hasDropped)
    #expect(plan.diagnostics.map(\.message) == [BackportPlanner.dropPrefix(finding) + finding.backport.reason])
    Self.expectNoSecret(analysis, plan)
  }

  @Test func aTerraformSecretComputedByAnExpressionIsRefused() throws {
    let analysis = Self.terraform([
      "tf/main.tf": Self.mainTF.replacingOccurrences(of: "\"\(Self.old)\"", with: "lower(\"\(Self.old)\")")
    ])
    let finding = try Self.finding(analysis, "password")
    #expect(finding.action == .review)
    #expect(
      finding.backport.reason
        == "secret values are never written into source: the value is computed by the expression at tf/main.tf:4; "
        + "update the secret where that expression reads it")
    Self.expectNoSecret(analysis, Self.plan(analysis))
  }

  @Test func aTakenVariableNameIsRefused() throws {
    let analysis = Self.terraform([
      "tf/main.tf": Self.mainTF,
      "tf/variables.tf": "variable \"aws_db_instance_main_password\" {\n  type = string\n}\n",
    ])
    let finding = try Self.finding(analysis, "password")
    #expect(finding.action == .review)
    #expect(
      finding.backport.reason.contains(
        "a variable named aws_db_instance_main_password is declared already (tf/variables.tf:1)"))
  }

  @Test func twoSecretsNeverShareOneVariable() throws {
    // `tags["db-password"]` and `tags.db_password` name the same variable: the second is left to a person.
    let state = #"""
      {"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "x", "outputs": {},
       "resources": [{"mode": "managed", "type": "aws_s3_bucket", "name": "app",
         "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
         "instances": [{"schema_version": 0,
           "attributes": {"bucket": "app", "tags": {"db-password": "Rotat3d-By-Hand-2026", "db_password": "Rotat3d-Again-1234"}},
           "sensitive_attributes": []}]}]}
      """#
    let main = """
      resource "aws_s3_bucket" "app" {
        bucket = "app"
        tags = {
          "db-password" = "Plant3d-Passw0rd-9xq"
          db_password   = "Plant3d-Other-77yz"
        }
      }

      """
    let analysis = TerraformAnalyzer(redactor: AnalysisFixture.redactor).analyze(
      TerraformAnalyzer.Request(
        rootModules: [("tf", ["tf/main.tf"])], liveFiles: ["live/terraform.tfstate"], captureLabel: "c1"),
      read: Self.reader(["tf/main.tf": main, "live/terraform.tfstate": state]), listModule: { _ in nil })
    let secrets = analysis.findings.filter { $0.kind == .runtimePatch && $0.involvesSecret }
    #expect(secrets.count == 2)
    let plan = BackportPlanner().plan(
      analysis, selection: .ids(secrets.map(\.id)), defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.applied.count == 1)
    #expect(plan.hasDropped)
    #expect(
      plan.diagnostics.contains {
        $0.message.contains("moves to var.aws_s3_bucket_app_tags_db_password already; move this one by hand")
      }, "\(plan.diagnostics.map(\.message))")
    let edited = try #require(Self.edited(plan, "tf/main.tf"))
    #expect(edited.components(separatedBy: "variable \"aws_s3_bucket_app_tags_db_password\"").count == 2)
  }

  @Test func variableNamesFollowTheResourceAndThePath() {
    #expect(
      HCLEditPlanner.secretVariableName(type: "aws_db_instance", resource: "main", path: ValuePath([.key("password")]))
        == "aws_db_instance_main_password")
    #expect(
      HCLEditPlanner.secretVariableName(
        type: "aws_s3_bucket", resource: "App", path: ValuePath([.key("tags"), .key("db.password")]))
        == "aws_s3_bucket_app_tags_db_password")
    #expect(
      HCLEditPlanner.secretVariableName(
        type: "x_y", resource: "x", path: ValuePath([.key("auth"), .index(0), .key("token")]))
        == "x_y_x_auth_0_token")
    // Two resources of one name and two types never share a variable (two different passwords).
    #expect(
      HCLEditPlanner.secretVariableName(type: "aws_db_instance", resource: "main", path: ValuePath([.key("password")]))
        != HCLEditPlanner.secretVariableName(
          type: "aws_rds_cluster", resource: "main", path: ValuePath([.key("password")])))
  }

  // MARK: - CloudFormation

  @Test func aCloudFormationLiteralBecomesADynamicReference() throws {
    let template = """
      Resources:
        Db:
          Type: AWS::RDS::DBInstance
          Properties:
            DBInstanceIdentifier: edge-db
            MasterUserPassword: \(Self.old)   # set at creation

      """
    let analysis = Self.cloudFormation(
      template,
      drift: Self.drift(
        "Db", type: "AWS::RDS::DBInstance",
        expected: #"{"DBInstanceIdentifier": "edge-db", "MasterUserPassword": "\#(Self.old)"}"#,
        actual: #"{"DBInstanceIdentifier": "edge-db", "MasterUserPassword": "\#(Self.new)"}"#))
    #expect(!analysis.hasErrors, "\(analysis.diagnostics)")
    let finding = try Self.finding(analysis, "MasterUserPassword")
    #expect(finding.involvesSecret)
    #expect(finding.action == .backport)
    #expect(
      finding.backport.reason
        == "replace the literal with the dynamic reference {{resolve:secretsmanager:edge/Db/MasterUserPassword}} in "
        + "iac/edge.yaml; before the next deploy, create that secret holding the live value: aws secretsmanager "
        + "create-secret --name edge/Db/MasterUserPassword --secret-string file://<a file holding the value, "
        + "deleted afterwards>")
    let plan = Self.plan(analysis)
    #expect(!plan.hasDropped, "\(plan.diagnostics.map(\.message))")
    #expect(
      Self.edited(plan, "iac/edge.yaml") == """
        Resources:
          Db:
            Type: AWS::RDS::DBInstance
            Properties:
              DBInstanceIdentifier: edge-db
              MasterUserPassword: "{{resolve:secretsmanager:edge/Db/MasterUserPassword}}"   # set at creation

        """)
    // Verified: the dynamic reference is unknown until deploy time, so it is never compared.
    let overrides = Dictionary(uniqueKeysWithValues: plan.files.map { ($0.path, $0.edited) })
    let after = try #require(analysis.cloudFormationReevaluate?(overrides))
    #expect(!(after[finding.resource] ?? []).contains { $0.path == finding.path })
    Self.expectNoSecret(analysis, plan)
  }

  @Test func aCloudFormationSecretInJSONIsReferencedInJSON() throws {
    let template = #"""
      {"Resources": {"Db": {"Type": "AWS::RDS::DBInstance",
        "Properties": {"DBInstanceIdentifier": "edge-db", "MasterUserPassword": "\#(Self.old)"}}}}
      """#
    let analysis = CloudFormationAnalyzer(redactor: AnalysisFixture.redactor).analyze(
      CloudFormationAnalyzer.Request(
        iacFiles: ["iac/edge.json"], parameterFiles: [], liveFiles: ["cap/drifts.json"], captureRoot: "cap",
        captureLabel: "c1"),
      read: Self.reader([
        "iac/edge.json": template,
        "cap/drifts.json": Self.drift(
          "Db", type: "AWS::RDS::DBInstance",
          expected: #"{"DBInstanceIdentifier": "edge-db", "MasterUserPassword": "\#(Self.old)"}"#,
          actual: #"{"DBInstanceIdentifier": "edge-db", "MasterUserPassword": "\#(Self.new)"}"#),
      ]))
    let plan = Self.plan(analysis)
    #expect(!plan.hasDropped, "\(plan.diagnostics.map(\.message))")
    #expect(
      Self.edited(plan, "iac/edge.json")
        == template.replacingOccurrences(
          of: "\"\(Self.old)\"", with: "\"{{resolve:secretsmanager:edge/Db/MasterUserPassword}}\""))
    Self.expectNoSecret(analysis, plan)
  }

  @Test func aSecretFromANoEchoParameterIsPassedAtDeployTime() throws {
    let template = """
      Parameters:
        DbPassword:
          Type: String
          NoEcho: true
          Default: \(Self.old)
      Resources:
        Db:
          Type: AWS::RDS::DBInstance
          Properties:
            DBInstanceIdentifier: edge-db
            MasterUserPassword: !Ref DbPassword

      """
    let analysis = Self.cloudFormation(
      template,
      drift: Self.drift(
        "Db", type: "AWS::RDS::DBInstance",
        expected: #"{"DBInstanceIdentifier": "edge-db", "MasterUserPassword": "\#(Self.old)"}"#,
        actual: #"{"DBInstanceIdentifier": "edge-db", "MasterUserPassword": "\#(Self.new)"}"#))
    let finding = try Self.finding(analysis, "MasterUserPassword")
    #expect(finding.action == .review)
    #expect(!finding.backport.possible)
    #expect(
      finding.backport.reason
        == "secret values are never written into source: the value comes from the NoEcho parameter DbPassword: "
        + "pass the new value at deploy time as a parameter override read from your secret store "
        + "(--parameter-overrides DbPassword=…); it is never written to the parameters file")
    let plan = BackportPlanner().plan(
      analysis, selection: .ids([finding.id]), defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.files.isEmpty && plan.hasDropped)
    Self.expectNoSecret(analysis, plan)
  }

  @Test func dynamicReferencesAreUnknownAndNeverCompared() throws {
    for reference in ["{{resolve:ssm:/edge/pw}}", "{{resolve:ssm-secure:/edge/pw:3}}", "{{resolve:secretsmanager:x}}"] {
      let analysis = Self.cloudFormation(
        "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBInstanceIdentifier: edge-db\n"
          + "      MasterUserPassword: '\(reference)'\n",
        drift: Self.drift(
          "Db", type: "AWS::RDS::DBInstance",
          expected: #"{"DBInstanceIdentifier": "edge-db", "MasterUserPassword": "\#(reference)"}"#,
          actual: #"{"DBInstanceIdentifier": "edge-db", "MasterUserPassword": "\#(Self.new)"}"#))
      #expect(!analysis.findings.contains { $0.path.description == "MasterUserPassword" }, "\(reference)")
      #expect(analysis.unknownValues >= 1)
    }
  }

  // MARK: - Kubernetes

  static let deployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: nginx:1.27
              env:
                - name: DB_PASSWORD
                  value: \(old)
                - name: MODE
                  value: prod

    """

  static let envPath = "spec.template.spec.containers[name=web].env[name=DB_PASSWORD].value"

  @Test func aKubernetesEnvironmentLiteralBecomesASecretKeyRef() throws {
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/web.yaml": Self.deployment],
      live: ["live/web.yaml": Self.deployment.replacingOccurrences(of: Self.old, with: Self.new)])
    let finding = try Self.finding(analysis, Self.envPath)
    #expect(finding.involvesSecret)
    #expect(finding.action == .backport)
    #expect(
      finding.backport.reason
        == "replace the literal value with valueFrom.secretKeyRef (Secret web-secrets, key DB_PASSWORD) in "
        + "iac/web.yaml; create Secret web-secrets with key DB_PASSWORD holding the live value (kubectl create "
        + "secret generic web-secrets -n shop --from-file=DB_PASSWORD=<a file holding the value, deleted "
        + "afterwards>) before the next deploy")
    let plan = Self.plan(analysis)
    #expect(!plan.hasDropped, "\(plan.diagnostics.map(\.message))")
    #expect(
      Self.edited(plan, "iac/web.yaml")
        == Self.deployment.replacingOccurrences(
          of: "              value: \(Self.old)\n",
          with: """
                          valueFrom:
                            secretKeyRef:
                              name: web-secrets
                              key: DB_PASSWORD

            """))
    Self.expectNoSecret(analysis, plan)
  }

  @Test func aFlowStyleEnvironmentItemStaysInFlowStyle() throws {
    let iac = Self.deployment.replacingOccurrences(
      of: "            - name: DB_PASSWORD\n              value: \(Self.old)\n",
      with: "            - {name: DB_PASSWORD, value: \(Self.old)}\n")
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/web.yaml": iac], live: ["live/web.yaml": iac.replacingOccurrences(of: Self.old, with: Self.new)])
    let plan = Self.plan(analysis)
    #expect(!plan.hasDropped, "\(plan.diagnostics.map(\.message))")
    #expect(
      Self.edited(plan, "iac/web.yaml")
        == iac.replacingOccurrences(
          of: "value: \(Self.old)", with: "valueFrom: {secretKeyRef: {name: web-secrets, key: DB_PASSWORD}}"))
    Self.expectNoSecret(analysis, plan)
  }

  @Test func aBlockScalarValueGivesWayWithItsLineBreak() throws {
    // `value: |` ends after its last line break, which the next item's line needs.
    let iac = Self.deployment.replacingOccurrences(
      of: "              value: \(Self.old)\n", with: "              value: |\n                \(Self.old)\n")
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/web.yaml": iac], live: ["live/web.yaml": iac.replacingOccurrences(of: Self.old, with: Self.new)])
    let plan = Self.plan(analysis)
    #expect(!plan.hasDropped, "\(plan.diagnostics.map(\.message))")
    #expect(
      Self.edited(plan, "iac/web.yaml")
        == iac.replacingOccurrences(
          of: "              value: |\n                \(Self.old)\n",
          with: """
                          valueFrom:
                            secretKeyRef:
                              name: web-secrets
                              key: DB_PASSWORD

            """))
    Self.expectNoSecret(analysis, plan)
  }

  @Test func aKubernetesSecretsDataIsRefusedWithWhy() throws {
    let secret = """
      apiVersion: v1
      kind: Secret
      metadata: {name: db, namespace: shop}
      data:
        password: \(Self.base64(Self.old))

      """
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/secret.yaml": secret],
      live: ["live/secret.yaml": secret.replacingOccurrences(of: Self.base64(Self.old), with: Self.base64(Self.new))])
    let finding = try Self.finding(analysis, "data.password")
    #expect(finding.action == .review)
    #expect(
      finding.backport.reason
        == "Secret data is never written into manifests: manage the Secret with an external secret operator "
        + "(ExternalSecret) or a SealedSecret, and rotate it there")
    let plan = BackportPlanner().plan(
      analysis, selection: .ids([finding.id]), defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.files.isEmpty && plan.hasDropped)
    #expect(plan.diagnostics.first?.message.contains("secret values are never written into source") == true)
    Self.expectNoSecret(analysis, plan)
  }
}
