import DriftbackSyntax
import Testing

@testable import Driftback

/// A secret written in the IaC itself is a `secret-in-iac` finding: critical, review, never back-ported,
/// located at the value, the value redacted and never in any text.
@Suite("Security: secrets written in the IaC")
struct SecretInIaCTests {
  static let awsKeyID = "AKIA" + "QYLPMN5HFIQR7XYZ"
  static let awsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9eK3tLpA"
  static let privateKey =
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq0yXkz9x2mWqv3ZJr8cQkYp1nQe4vT0aHsLwB3uN9fR2gKd\n-----END RSA PRIVATE KEY-----"
  static let password = "Tr0ub4dor&3-horse"

  let scanner = SecretInIaCScanner()

  // MARK: - The detector

  @Test(arguments: [
    "", "changeme", "CHANGEME", "REPLACE_ME", "${DB_PASSWORD}", "<password>", "xxxxxxxxxxxx",
    "{{resolve:secretsmanager:db:SecretString:password}}", "arn:aws:secretsmanager:eu-west-1:1:secret:db", "password",
  ])
  func placeholdersAreNotSecrets(text: String) {
    #expect(SecretInIaCScanner.isPlaceholder(text))
    #expect(!scanner.isSecretLiteral(text, name: "password"))
  }

  @Test func credentialsAreFoundByShapeOrByName() {
    #expect(scanner.isSecretLiteral(Self.awsKeyID, name: nil))
    #expect(scanner.isSecretLiteral(Self.privateKey, name: "key"))
    #expect(scanner.isSecretLiteral(Self.password, name: "db_password"))
    #expect(scanner.isSecretLiteral(Self.awsSecret, name: "aws_secret_access_key"))
    // Under a name that says nothing, a random-looking text is not enough; an ordinary value never is.
    #expect(!scanner.isSecretLiteral(Self.password, name: "description"))
    #expect(!scanner.isSecretLiteral("required", name: "http_tokens"))
    #expect(!scanner.isSecretLiteral("AWS_IAM", name: "authorization_type"))
    #expect(!scanner.isSecretLiteral("Password of the shop database user.", name: "password_description"))
  }

  @Test func entropyIsShannons() {
    #expect(SecretInIaCScanner.entropy("aaaa") == 0)
    #expect(abs(SecretInIaCScanner.entropy("abcdefgh") - 3) < 1e-9)
    #expect(abs(SecretInIaCScanner.binaryLogarithm(0.125) + 3) < 1e-9)
    #expect(abs(SecretInIaCScanner.binaryLogarithm(0.3) - (-1.7369655941662063)) < 1e-9)
  }

  @Test func base64Decodes() {
    #expect(
      Base64.decode("c2hvcC1kYi1wYXNzd29yZC0x").map { String(decoding: $0, as: UTF8.self) } == "shop-db-password-1")
    #expect(Base64.decode("c2hvcA==").map { String(decoding: $0, as: UTF8.self) } == "shop")
    #expect(Base64.decode("not base64!") == nil)
  }

  // MARK: - Kubernetes

  static func assertSecretFinding(_ finding: Finding?, file: String, line: Int, secret: String) {
    #expect(finding?.kind == .secretInIaC)
    #expect(finding?.severity == .critical)
    #expect(finding?.action == .review)
    #expect(finding?.backport.possible == false)
    #expect(finding?.backport.reason.hasPrefix("move it out of the source: ") == true)
    #expect(finding?.involvesSecret == true)
    #expect(finding?.source?.file == file)
    #expect(finding?.source?.location?.line == line)
    #expect(finding?.iac?.string?.hasPrefix(Redactor.markerPrefix) == true)
    #expect(!"\(String(describing: finding))".contains(secret))
  }

  @Test func kubernetesLiteralsInEnvConfigMapsAndSecrets() {
    let iac = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        template:
          spec:
            containers:
              - name: web
                image: nginx:1.25
                env:
                  - name: DB_PASSWORD
                    value: \(Self.password)
                  - name: FROM_SECRET
                    value: ${DB_PASSWORD}
                  - name: LOG_LEVEL
                    value: info
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings, namespace: shop}
      data:
        AWS_ACCESS_KEY_ID: \(Self.awsKeyID)
        API_TOKEN: changeme
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: db, namespace: shop}
      data:
        username: c2hvcA==
        password: \(Base64.encode(Array(Self.password.utf8)))
        placeholder: \(Base64.encode(Array("REPLACE_ME".utf8)))
      stringData:
        tls.key: |
          \(Self.privateKey.split(separator: "\n").joined(separator: "\n    "))
      """
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/app.yaml": iac], live: ["live/empty.yaml": "apiVersion: v1\nkind: List\nitems: []\n"])
    let secrets = analysis.findings.filter { $0.kind == .secretInIaC }
    #expect(
      secrets.map { "\($0.resource) \($0.path)" } == [
        "ConfigMap/shop/settings data.AWS_ACCESS_KEY_ID",
        "Deployment.apps/shop/web spec.template.spec.containers[name=web].env[name=DB_PASSWORD].value",
        "Secret/shop/db data.password",
        #"Secret/shop/db stringData["tls.key"]"#,
      ])
    Self.assertSecretFinding(secrets.first, file: "iac/app.yaml", line: 22, secret: Self.awsKeyID)
    Self.assertSecretFinding(secrets[1], file: "iac/app.yaml", line: 12, secret: Self.password)
    #expect(
      secrets[1].id
        == Finding.makeID(kind: .secretInIaC, resource: secrets[1].resource, path: secrets[1].path))
    #expect(analysis.summary.findings == analysis.findings.count)
    let report = TextReportRenderer(color: false).render(
      DriftReport(toolVersion: "test", captureLabel: "c1", capturedAt: nil, analysis: analysis))
    for secret in [Self.password, Self.awsKeyID, "MIIEowIBAAKCAQEA"] { #expect(!report.contains(secret)) }
    #expect(report.contains("secret written in the IaC"))
  }

  // MARK: - Terraform

  static func terraform(_ files: [String: String]) -> Analysis {
    var contents = files
    contents["live/terraform.tfstate"] = #"{"version": 4, "terraform_version": "1.6.0", "serial": 1, "resources": []}"#
    let frozen = contents
    let tf = files.keys.filter { $0.hasPrefix("tf/") }.sorted()
    return TerraformAnalyzer(redactor: AnalysisFixture.redactor).analyze(
      TerraformAnalyzer.Request(rootModules: [("tf", tf)], liveFiles: ["live/terraform.tfstate"], captureLabel: "c1"),
      read: { path in
        guard let text = frozen[path] else { throw Diagnostic(.error, "no such file", file: path) }
        return SourceFile(path: path, text: text)
      },
      listModule: { _ in nil })
  }

  @Test func terraformLiteralsVariableDefaultsAndTfvars() {
    let analysis = Self.terraform([
      "tf/main.tf": """
      resource "aws_db_instance" "db" {
        username = "shop"
        password = "\(Self.password)"
      }

      resource "aws_iam_access_key" "ci" {
        user = "ci"
        tags = { owner = var.owner_key }
      }

      resource "aws_ssm_parameter" "token" {
        name  = "/shop/token"
        type  = "SecureString"
        value = var.api_token
      }

      variable "owner_key" {
        default = "\(Self.awsKeyID)"
      }

      variable "api_token" {
        type      = string
        sensitive = true
      }
      """,
      "tf/terraform.tfvars": "api_token = \"ghp_\(String(repeating: "a1B2", count: 9))\"\n",
    ])
    #expect(!analysis.hasErrors, "\(analysis.diagnostics)")
    let secrets = analysis.findings.filter { $0.kind == .secretInIaC }
    #expect(
      secrets.map { "\($0.resource) \($0.path) \($0.source?.file ?? ""):\($0.source?.location?.line ?? 0)" }.sorted()
        == [
          "aws_db_instance.db password tf/main.tf:3",
          "aws_iam_access_key.ci tags.owner tf/main.tf:18",
          "aws_ssm_parameter.token value tf/terraform.tfvars:1",
        ])
    for finding in secrets {
      #expect(finding.severity == .critical)
      #expect(finding.backport.reason.contains("sensitive = true"))
    }
    let json = JSONReportRenderer().render(
      DriftReport(toolVersion: "test", captureLabel: "c1", capturedAt: nil, analysis: analysis))
    for secret in [Self.password, Self.awsKeyID, "ghp_a1B2"] { #expect(!json.contains(secret)) }
    #expect(json.contains(#""kind": "secret-in-iac""#))
  }

  // MARK: - CloudFormation

  @Test func cloudFormationPropertiesAndParameterDefaults() {
    let template = """
      AWSTemplateFormatVersion: "2010-09-09"
      Parameters:
        DbPassword:
          Type: String
          NoEcho: true
          Default: \(Self.password)
        Token:
          Type: String
          NoEcho: true
          Default: ""
        Environment:
          Type: String
          Default: prod
      Resources:
        Db:
          Type: AWS::RDS::DBInstance
          Properties:
            MasterUsername: shop
            MasterUserPassword: "\(Self.awsSecret)"
        Fine:
          Type: AWS::RDS::DBInstance
          Properties:
            MasterUsername: shop
            MasterUserPassword: "{{resolve:secretsmanager:shop-db:SecretString:password}}"
      """
    let files: [String: String] = [
      "iac/edge.yaml": template,
      "cap/describe-stack-resources.json": #"{"StackResources": []}"#,
    ]
    let analysis = CloudFormationAnalyzer(redactor: AnalysisFixture.redactor).analyze(
      CloudFormationAnalyzer.Request(
        iacFiles: ["iac/edge.yaml"], parameterFiles: [], liveFiles: ["cap/describe-stack-resources.json"],
        captureRoot: "cap", captureLabel: "c1"),
      read: { path in
        guard let text = files[path] else { throw Diagnostic(.error, "no such file", file: path) }
        return SourceFile(path: path, text: text)
      })
    #expect(!analysis.hasErrors, "\(analysis.diagnostics)")
    let secrets = analysis.findings.filter { $0.kind == .secretInIaC }
    #expect(
      secrets.map { "\($0.resource) \($0.path) \($0.source?.location?.line ?? 0)" } == [
        "edge/Db MasterUserPassword 19",
        "edge/DbPassword Default 6",
      ])
    for finding in secrets { #expect(finding.backport.reason.contains("{{resolve:secretsmanager:")) }
    let text = TextReportRenderer(color: false).render(
      DriftReport(toolVersion: "test", captureLabel: "c1", capturedAt: nil, analysis: analysis))
    for secret in [Self.password, Self.awsSecret] { #expect(!text.contains(secret)) }
  }

  @Test func cloudFormationParametersFileValues() {
    let template = """
      AWSTemplateFormatVersion: "2010-09-09"
      Parameters:
        DbPassword:
          Type: String
          NoEcho: true
        ApiToken:
          Type: String
          NoEcho: true
        Environment:
          Type: String
      Resources:
        Db:
          Type: AWS::RDS::DBInstance
          Properties:
            MasterUsername: shop
            MasterUserPassword: !Ref DbPassword
      """
    // The create-stack form: a real-looking NoEcho value counts, a placeholder does not, nor a plain value.
    let parameters = """
      [
        {"ParameterKey": "DbPassword", "ParameterValue": "\(Self.password)"},
        {"ParameterKey": "ApiToken", "ParameterValue": "CHANGE_ME"},
        {"ParameterKey": "Environment", "ParameterValue": "prod"}
      ]
      """
    let files: [String: String] = [
      "iac/edge.yaml": template,
      "iac/edge.parameters.json": parameters,
      "cap/describe-stack-resources.json": #"{"StackResources": []}"#,
    ]
    let analysis = CloudFormationAnalyzer(redactor: AnalysisFixture.redactor).analyze(
      CloudFormationAnalyzer.Request(
        iacFiles: ["iac/edge.parameters.json", "iac/edge.yaml"], parameterFiles: [],
        liveFiles: ["cap/describe-stack-resources.json"], captureRoot: "cap", captureLabel: "c1"),
      read: { path in
        guard let text = files[path] else { throw Diagnostic(.error, "no such file", file: path) }
        return SourceFile(path: path, text: text)
      })
    #expect(!analysis.hasErrors, "\(analysis.diagnostics)")
    let secrets = analysis.findings.filter { $0.kind == .secretInIaC }
    #expect(
      secrets.map { "\($0.resource) \($0.path) \($0.source?.file ?? ""):\($0.source?.location?.line ?? 0)" } == [
        "edge/DbPassword ParameterValue iac/edge.parameters.json:2"
      ])
    #expect(secrets.first?.severity == .critical)
    let json = JSONReportRenderer().render(
      DriftReport(toolVersion: "test", captureLabel: "c1", capturedAt: nil, analysis: analysis))
    #expect(!json.contains(Self.password))
  }
}
