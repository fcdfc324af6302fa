import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

/// A value known to be secret in one place is redacted wherever else a finding shows it.
@Suite("Security: known secrets everywhere")
struct KnownSecretsTests {
  static let password = "Sup3r-s3cret-pw!"

  static func secret(_ extra: String = "") -> String {
    """
    apiVersion: v1
    kind: Secret
    metadata: {name: db, namespace: shop}
    stringData:
      password: "\(password)"
      username: appuser1
    \(extra)
    """
  }

  static func configMap(_ url: String, user: String = "appuser0") -> String {
    """
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: app, namespace: shop}
    data:
      DB_URL: "\(url)"
      DB_USER: \(user)

    """
  }

  @Test func aSecretPastedIntoAConfigMapIsRedactedThere() throws {
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/secret.yaml": Self.secret(), "iac/cm.yaml": Self.configMap("postgres://db/shop")],
      live: [
        "live/secret.yaml": Self.secret(),
        "live/cm.yaml": Self.configMap("postgres://app:\(Self.password)@db/shop"),
      ])
    let finding = try #require(analysis.findings.first { $0.path.description == "data.DB_URL" })
    #expect(finding.involvesSecret)
    #expect(finding.action == .review)
    #expect(!finding.backport.possible)
    #expect(finding.live?.string?.hasPrefix("<redacted:") == true)
    let json = JSONReportRenderer().render(
      DriftReport(toolVersion: "t", captureLabel: nil, capturedAt: nil, analysis: analysis))
    #expect(!json.contains(Self.password))
    // Nothing back-ports it.
    let plan = BackportPlanner().plan(
      analysis, selection: .ids([finding.id]), defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.files.isEmpty)
  }

  @Test func aSecretsNonSecretKeysAreNotKnownSecrets() throws {
    // `username` is not a secret-sounding key: a ConfigMap showing the same user is plain configuration.
    let analysis = AnalysisFixture.analyze(
      iac: ["iac/secret.yaml": Self.secret(), "iac/cm.yaml": Self.configMap("postgres://db/shop")],
      live: [
        "live/secret.yaml": Self.secret(),
        "live/cm.yaml": Self.configMap("postgres://db/shop", user: "appuser1"),
      ])
    let finding = try #require(analysis.findings.first { $0.path.description == "data.DB_USER" })
    #expect(!finding.involvesSecret)
    #expect(finding.live?.string == "appuser1")
    #expect(finding.action == .backport)
  }

  @Test func base64DataIsDecodedAndShortValuesAreNotKnown() {
    let encoded = Data(Self.password.utf8).base64EncodedString()
    let secret: Value = [
      "kind": "Secret",
      "data": ["password": .string(encoded), "token": .string(Data("short".utf8).base64EncodedString())],
    ]
    #expect(KnownSecrets.kubernetesSecretTexts(of: secret) == [Self.password])
    #expect(
      KnownSecrets.kubernetesSecretTexts(of: ["kind": "ConfigMap", "data": ["password": "not-a-secret-kind"]]) == [])
  }

  @Test func terraformSensitiveValuesAreCollected() {
    let values: Value = [
      "password": .string(Self.password), "tags": ["Name": "db"], "nested": ["token": "abcdefghijkl"],
    ]
    #expect(
      KnownSecrets.texts(in: values, at: [ValuePath([.key("password")]), ValuePath([.key("nested")])]).sorted()
        == [Self.password, "abcdefghijkl"].sorted())
  }
}

@Suite("Security: known secrets index")
struct KnownSecretsIndexTests {
  @Test func findsEveryKnownTextAnywhereInAValue() {
    let index = KnownSecrets.Index(["Sup3r-s3cret-pw!", "another-secret-xyz", "short"])
    #expect(index.contains("Sup3r-s3cret-pw!"))
    #expect(index.contains("postgres://app:Sup3r-s3cret-pw!@db"))
    #expect(index.contains("xx another-secret-xyz"))
    #expect(!index.contains("Sup3r-s3cret-pw"))
    #expect(!index.contains("postgres://db/shop"))
    // Too short to be known.
    #expect(!index.contains("a short value"))
    #expect(index.occursIn(["env": [["name": "URL", "value": "x:Sup3r-s3cret-pw!"]]]))
    #expect(!index.occursIn(["env": [["name": "URL", "value": 42]]]))
    #expect(KnownSecrets.Index([]).isEmpty)
    #expect(KnownSecrets.Index(["tiny"]).isEmpty)
  }
}
