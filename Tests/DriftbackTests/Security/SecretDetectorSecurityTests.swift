import Testing

@testable import Driftback

/// Credential-shaped fixtures are assembled from pieces so that no scanner mistakes this file for a leak.
enum SecretSamples {
  static let awsKeyID = "AKIA" + "Z7QWERTYUIOP2345"
  static let awsSessionKeyID = "ASIA" + "QWERTY234567ABCD"
  static let awsDocsExample = "AKIA" + "IOSFODNN7" + "EXAMPLE"
  static let privateKey = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEowIBAAKCAQEA1c2Vy\n-----END RSA PRIVATE KEY-----"
  static let openSSHKey =
    "-----BEGIN OPENSSH " + "PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"
  static let github = "ghp" + "_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
  static let slack = "xoxb" + "-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
  static let jwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + "." + "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ" + "."
    + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
}

@Suite("Security: SecretDetector")
struct SecretDetectorSecurityTests {
  let detector = SecretDetector()

  // MARK: - Known secret fields

  @Test(arguments: [
    "data.password", #"data["tls.key"]"#, "stringData.token",
    #"metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]"#, "",
  ])
  func secretDataIsSecret(path: String) throws {
    #expect(detector.isSecretPath(try ValuePath(parsing: path), kind: "Secret", in: nil))
  }

  @Test(arguments: ["data.LOG_LEVEL", "data.secretName", "metadata.labels.app", #"metadata.annotations["owner"]"#, ""])
  func configMapDataIsNotSecret(path: String) throws {
    #expect(!detector.isSecretPath(try ValuePath(parsing: path), kind: "ConfigMap", in: nil))
  }

  /// A key that names a secret holds one, whatever the kind (a password pasted into a ConfigMap).
  @Test(arguments: ["data.password", "stringData.token", "data.DB_PASSWORD", "spec.auth.apiToken"])
  func secretNamedKeysAreSecretInAnyKind(path: String) throws {
    #expect(detector.isSecretPath(try ValuePath(parsing: path), kind: "ConfigMap", in: nil))
  }

  @Test func secretLabelsAndTypeAreNotSecret() throws {
    #expect(!detector.isSecretPath(try ValuePath(parsing: "metadata.labels.app"), kind: "Secret", in: nil))
    #expect(!detector.isSecretPath(try ValuePath(parsing: "type"), kind: "Secret", in: nil))
  }

  @Test(arguments: [
    ("spec.template.spec.containers[name=web].env[name=DB_PASSWORD].value", true),
    ("spec.template.spec.containers[name=web].env[name=DB_PASSWORD]", true),
    ("spec.template.spec.containers[name=web].env[name=GITHUB_TOKEN].value", true),
    ("spec.template.spec.containers[name=web].env[name=STRIPE_API_KEY].value", true),
    ("spec.containers[name=app].env[name=aws_secret_access_key].value", true),
    ("spec.template.spec.containers[name=web].env[name=DB_PASSWORD].valueFrom", false),
    ("spec.template.spec.containers[name=web].env[name=DB_PASSWORD_FILE].value", false),
    ("spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value", false),
    ("spec.template.spec.containers[name=web].env[name=PORT]", false),
    ("spec.template.spec.containers[name=web].image", false),
  ])
  func envItemsWithSecretNames(path: String, expected: Bool) throws {
    #expect(detector.isSecretPath(try ValuePath(parsing: path), kind: "Deployment", in: nil) == expected)
  }

  @Test(arguments: [
    ("DB_PASSWORD", true), ("password", true), ("API_TOKEN", true), ("client-secret", true), ("PRIVATE_KEY", true),
    ("SENTRY_DSN", true), ("LOG_LEVEL", false), ("PORT", false), ("DB_HOST", false),
    ("TLS_PASSWORD_FILE", false), ("SECRET_PATH", false),
    // Short words count only whole: DB_PASS and smtpPass are secrets, bypass and compass are not.
    ("DB_PASS", true), ("smtpPass", true), ("admin.pw", true), ("MYSQL_ROOT_PASS", true), ("BYPASS_CACHE", false),
    ("compass_heading", false), ("passive_mode", false), ("DB_PASS_FILE", false),
  ])
  func secretNames(name: String, expected: Bool) {
    #expect(SecretDetector.isSecretName(name) == expected)
  }

  // MARK: - Credential-shaped values (gitleaks detectors)

  @Test(arguments: [
    SecretSamples.awsKeyID, SecretSamples.awsSessionKeyID, "aws_access_key_id = " + SecretSamples.awsKeyID,
    SecretSamples.privateKey, SecretSamples.openSSHKey, SecretSamples.github, SecretSamples.slack, SecretSamples.jwt,
    "https://hooks.slack.com/services/" + "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    "glpat" + "-" + "xxxxxxxxxxxxxxxxxxxx",
  ])
  func credentialsLookSecret(text: String) {
    #expect(detector.looksSecret(text))
  }

  @Test(arguments: [
    SecretSamples.awsDocsExample,  // AWS's documented example key
    "AKIA" + "z7qwertyuiop2345",  // lower case is not an access key id
    "AKIA" + "Z7QWERTY",  // too short
    "nginx:1.25.3-alpine", "registry.example.com/shop/web@sha256:0123456789abcdef",
    "postgres://db.shop.svc.cluster.local:5432/orders", "--log-level=info --max-connections=100",
    "The quick brown fox jumps over the lazy dog", "eyJ-not-a-token-at-all", "ghp_short", "xoxb-1", "short",
    "", "0123456789abcdef0123456789abcdef",
  ])
  func ordinaryAndShortStringsDoNotLookSecret(text: String) {
    #expect(!detector.looksSecret(text))
  }

  @Test func containsSecretLooksInsideValues() {
    #expect(detector.containsSecret(["env": [["name": "GITHUB", "value": .string(SecretSamples.github)]]]))
    #expect(detector.containsSecret([["name": "DB_PASSWORD", "value": "hunter2"]]))
    #expect(
      !detector.containsSecret([["name": "DB_PASSWORD", "valueFrom": ["secretKeyRef": ["name": "db", "key": "pw"]]]]))
    #expect(!detector.containsSecret([["name": "DB_PASSWORD", "value": ""]]))
    #expect(!detector.containsSecret(["image": "nginx:1.25", "replicas": 3, "args": ["--port", "8080"]]))
  }
}
