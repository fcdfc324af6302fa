import DriftbackSyntax
import Testing

@testable import Driftback

// Every `backport` call also checks, beyond the golden text: bytes outside the edits unchanged, the file
// re-parses, the value at the path equals live, nothing else differs from the change made in memory
// (`Differ` with the Kubernetes list policy), and planning the same change again is a no-op.

private typealias Fixture = BackportFixture
private typealias Manifests = BackportManifests

private func change(_ kind: Change.Kind, _ path: String, iac: Value? = nil, live: Value? = nil) throws -> Change {
  try Fixture.change(kind, path, iac: iac, live: live)
}

@Suite("YAMLEditPlanner: changed values")
struct ChangedValueTests {
  let web = Manifests.web

  @Test func plainNumberIsReplacedAloneAndTheCommentStays() throws {
    let outcome = try Fixture.backport(web, try change(.changed, "spec.replicas", iac: 3, live: 5))
    #expect(outcome.text == web.replacingOnce("  replicas: 3 # raised", with: "  replicas: 5 # raised"))
    #expect(outcome.edits.count == 1)
    #expect(outcome.edits.first?.span.count == 1)
    #expect(outcome.edits.first?.replacement == "5")
  }

  @Test func doubleQuotedStaysDoubleQuoted() throws {
    let outcome = try Fixture.backport(
      web, try change(.changed, "spec.template.spec.containers[name=web].image", live: "ghcr.io/acme/shop-web:1.4.3"))
    #expect(outcome.text == web.replacingOnce("shop-web:1.4.2\"", with: "shop-web:1.4.3\""))
  }

  @Test func singleQuotedStaysSingleQuotedWithDoubledApostrophes() throws {
    let path = "spec.template.spec.containers[name=web].env[name=DB_HOST].value"
    let outcome = try Fixture.backport(web, try change(.changed, path, live: "db-primary.shop.svc.cluster.local"))
    #expect(
      outcome.text == web.replacingOnce("'db.shop.svc.cluster.local'", with: "'db-primary.shop.svc.cluster.local'"))
    let odd = try Fixture.backport(web, try change(.changed, path, live: "o'brien.shop"))
    #expect(odd.text == web.replacingOnce("'db.shop.svc.cluster.local'", with: "'o''brien.shop'"))
  }

  @Test func plainStringGetsQuotesOnlyWhenPlainWouldMisread() throws {
    let path = "spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value"
    let debug = try Fixture.backport(web, try change(.changed, path, live: "debug"))
    #expect(debug.text == web.replacingOnce("value: info", with: "value: debug"))
    let on = try Fixture.backport(web, try change(.changed, path, live: "on"))
    #expect(on.text == web.replacingOnce("value: info", with: "value: \"on\""))
    let octal = try Fixture.backport(web, try change(.changed, path, live: "0644"))
    #expect(octal.text == web.replacingOnce("value: info", with: "value: \"0644\""))
  }

  @Test func booleanKeepsTheFilesSpelling() throws {
    let outcome = try Fixture.backport(
      web, try change(.changed, "spec.template.spec.automountServiceAccountToken", iac: true, live: false))
    #expect(
      outcome.text == web.replacingOnce("automountServiceAccountToken: yes", with: "automountServiceAccountToken: no"))
  }

  @Test func flowListStaysFlowOnOneLineWithItsQuoting() throws {
    let outcome = try Fixture.backport(
      web,
      try change(
        .changed, "spec.template.spec.containers[name=web].args",
        live: ["--port=8080", "--log-format=json", "--access-log=off"]))
    #expect(
      outcome.text
        == web.replacingOnce(
          #"args: ["--port=8080", "--log-format=json"]"#,
          with: #"args: ["--port=8080", "--log-format=json", "--access-log=off"]"#))
  }

  @Test func blockListIsRerenderedInBlockStyleAtItsColumn() throws {
    let service = Manifests.service
    let outcome = try Fixture.backport(
      service, kind: "Service", name: "api", try change(.changed, "spec.ipFamilies", live: ["IPv4", "IPv6"]))
    #expect(
      outcome.text == service.replacingOnce("  ipFamilies:\n  - IPv4\n", with: "  ipFamilies:\n  - IPv4\n  - IPv6\n"))
  }

  @Test func secondDocumentOfAStreamIsEditedAtItsOwnOffsets() throws {
    let outcome = try Fixture.backport(
      web, kind: "Service",
      try change(.changed, "spec.ports[port=80,protocol=TCP].targetPort", iac: "http", live: 8080))
    #expect(outcome.text == web.replacingOnce("targetPort: http #", with: "targetPort: 8080 #"))
  }

  @Test func itemOfAKindListIsEditedInPlace() throws {
    let list = Manifests.list
    let changed = try Fixture.backport(
      list, kind: "ConfigMap", name: "second", try change(.changed, "data.mode", live: "fast"))
    #expect(changed.text == list.replacingOnce("mode: slow # tuned", with: "mode: fast # tuned"))
    let added = try Fixture.backport(
      list, kind: "ConfigMap", name: "second", try change(.added, "data.burst", live: 20))
    #expect(added.text == list.replacingOnce("mode: slow # tuned\n", with: "mode: slow # tuned\n    burst: 20\n"))
  }

  @Test func nothingToDoWhenTheFileAlreadySaysIt() throws {
    let file = SourceFile(path: "app.yaml", text: web)
    let object = try Fixture.object(file, kind: "Deployment", name: "web")
    let same = YAMLEditPlanner().edits(
      for: try change(.changed, "spec.replicas", iac: 3, live: 3), in: object, file: file)
    #expect(try same.get().isEmpty)
    let spelled = YAMLEditPlanner().edits(
      for: try change(
        .changed, "spec.template.spec.containers[name=web].ports[containerPort=8080].containerPort",
        live: "8080"), in: object, file: file)
    #expect(try spelled.get().isEmpty)
  }

  @Test func windowsLineEndingsAreKept() throws {
    let text = "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\ndata:\r\n  a: one\r\n"
    let changed = try Fixture.backport(
      text, kind: "ConfigMap", name: "crlf", try change(.changed, "data.a", live: "uno"))
    #expect(changed.text == text.replacingOnce("a: one", with: "a: uno"))
    let added = try Fixture.backport(text, kind: "ConfigMap", name: "crlf", try change(.added, "data.b", live: "two"))
    #expect(added.text == text + "  b: two\r\n")
  }
}

@Suite("YAMLEditPlanner: block scalars")
struct BlockScalarTests {
  let config = Manifests.config

  private func backport(_ change: Change) throws -> BackportOutcome {
    try Fixture.backport(config, kind: "ConfigMap", name: "shop-config", change)
  }

  @Test func literalContentIsRewrittenAndTheTrailingBlankLineAndCommentStay() throws {
    let outcome = try backport(
      try change(
        .changed, #"data["nginx.conf"]"#,
        live: "# served by the web container on :8080\nserver {\n  listen 8081;\n}\n"))
    #expect(outcome.text == config.replacingOnce("      listen 8080;", with: "      listen 8081;"))
  }

  @Test func chompingFollowsTheNewTrailingLineBreaks() throws {
    let outcome = try backport(try change(.changed, #"data["nginx.conf"]"#, live: "server {\n  listen 8081;\n}"))
    #expect(
      outcome.text
        == config.replacingOnce(
          "  nginx.conf: |\n    # served by the web container on :8080\n    server {\n      listen 8080;\n    }\n",
          with: "  nginx.conf: |-\n    server {\n      listen 8081;\n    }\n"))
  }

  @Test func foldedContentKeepsParagraphs() throws {
    let outcome = try backport(
      try change(.changed, "data.motd", live: "We are upgrading the shop.\nBack at 18:00 UTC."))
    #expect(outcome.text == config.replacingOnce("    Back soon.", with: "    Back at 18:00 UTC."))
  }

  @Test func foldedWithMoreIndentedLinesBecomesLiteral() throws {
    let outcome = try backport(try change(.changed, "data.motd", live: "Maintenance:\n  - checkout\n  - search"))
    #expect(
      outcome.text
        == config.replacingOnce(
          "  motd: >-\n    We are upgrading the shop.\n\n    Back soon.\n",
          with: "  motd: |-\n    Maintenance:\n      - checkout\n      - search\n"))
  }

  @Test func explicitIndentationIndicatorIsKept() throws {
    let outcome = try backport(try change(.changed, #"data["banner.txt"]"#, live: "  *** SHOP ***\nwelcome\n"))
    #expect(outcome.text == config.replacingOnce("      *** shop ***", with: "      *** SHOP ***"))
  }

  @Test func indicatorIsAddedWhenTheContentStartsWithSpaces() throws {
    let outcome = try backport(
      try change(.changed, #"data["nginx.conf"]"#, live: "  # indented first line\nserver {}\n"))
    #expect(
      outcome.text
        == config.replacingOnce(
          "  nginx.conf: |\n    # served by the web container on :8080\n    server {\n      listen 8080;\n    }\n",
          with: "  nginx.conf: |2\n      # indented first line\n    server {}\n"))
  }

  @Test func keepChompingOwnsItsTrailingBlankLines() throws {
    let outcome = try backport(try change(.changed, #"data["keep.txt"]"#, live: "kept\nand more\n"))
    #expect(
      outcome.text
        == config.replacingOnce(
          "  keep.txt: |+\n    kept\n\n", with: "  keep.txt: |\n    kept\n    and more\n"))
  }

  @Test func removedBlockScalarTakesItsContentLinesButNotTheBlankLineAfter() throws {
    let outcome = try backport(try change(.removed, #"data["nginx.conf"]"#))
    #expect(
      outcome.text
        == config.replacingOnce(
          "  nginx.conf: |\n    # served by the web container on :8080\n    server {\n      listen 8080;\n    }\n",
          with: ""))
  }

  @Test func addedMultiLineStringIsALiteralBlock() throws {
    let outcome = try backport(try change(.added, #"data["robots.txt"]"#, live: "User-agent: *\nDisallow: /cart\n"))
    #expect(
      outcome.text
        == config.replacingOnce(
          "  tail: end\n", with: "  tail: end\n  robots.txt: |\n    User-agent: *\n    Disallow: /cart\n"))
  }

  @Test func addedAfterAKeepScalarGoesAfterItsBlankLines() throws {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k\ndata:\n  keep: |+\n    kept\n\n"
    let outcome = try Fixture.backport(text, kind: "ConfigMap", name: "k", try change(.added, "data.other", live: "x"))
    #expect(outcome.text == text + "  other: x\n")
  }

  @Test func addedAfterABlockScalarAtAnUnterminatedEndOfFileStripsItsBreak() throws {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k\ndata:\n  script: |\n    echo hi"
    let outcome = try Fixture.backport(text, kind: "ConfigMap", name: "k", try change(.added, "data.other", live: "x"))
    #expect(outcome.text == text.replacingOnce("script: |", with: "script: |-") + "\n  other: x")
  }

  @Test func literalAtAnUnterminatedEndOfFileKeepsItsFinalBreak() throws {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k\ndata:\n  other: x"
    let outcome = try Fixture.backport(
      text, kind: "ConfigMap", name: "k", try change(.added, "data.script", live: "a\nb\n"))
    #expect(outcome.text == text + "\n  script: |\n    a\n    b\n")
  }
}

@Suite("YAMLEditPlanner: added values")
struct AddedValueTests {
  let web = Manifests.web
  let service = Manifests.service

  @Test func keyGoesAfterItsLastSiblingWithTheSiblingsIndentation() throws {
    let outcome = try Fixture.backport(web, try change(.added, "metadata.labels.tier", live: "frontend"))
    #expect(
      outcome.text
        == web.replacingOnce(
          "    app.kubernetes.io/part-of: shop\n", with: "    app.kubernetes.io/part-of: shop\n    tier: frontend\n"))
  }

  @Test func keyFollowsTheKeyQuotingOfItsSiblings() throws {
    let text = """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
        labels:
          "app.kubernetes.io/name": shop

      """
    let outcome = try Fixture.backport(
      text, kind: "Namespace", name: "shop",
      try change(.added, #"metadata.labels["app.kubernetes.io/part-of"]"#, live: "shop"))
    #expect(
      outcome.text
        == text.replacingOnce(
          "    \"app.kubernetes.io/name\": shop\n",
          with: "    \"app.kubernetes.io/name\": shop\n    \"app.kubernetes.io/part-of\": shop\n"))
  }

  @Test func keyFollowsTheQuotingOfItsSiblings() throws {
    let outcome = try Fixture.backport(web, try change(.added, "metadata.annotations.slack", live: "#storefront"))
    #expect(
      outcome.text
        == web.replacingOnce(
          "    owner: \"team-storefront\"\n", with: "    owner: \"team-storefront\"\n    slack: \"#storefront\"\n"))
  }

  @Test func subtreeGoesAfterTheDeepestLineOfItsLastSibling() throws {
    let outcome = try Fixture.backport(
      web,
      try change(
        .added, "spec.template.spec.securityContext",
        live: .object(["runAsNonRoot": true, "seccompProfile": .object(["type": "RuntimeDefault"])])))
    #expect(
      outcome.text
        == web.replacingOnce(
          "              memory: 512Mi\n---",
          with: """
                          memory: 512Mi
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile:
                      type: RuntimeDefault
            ---
            """))
  }

  @Test func keyedItemIsAppendedWithTheItemsDashColumn() throws {
    let outcome = try Fixture.backport(
      web,
      try change(
        .added, "spec.template.spec.containers[name=web].env[name=FEATURE_FLAGS]",
        live: .object(["name": "FEATURE_FLAGS", "value": "on"])))
    #expect(
      outcome.text
        == web.replacingOnce(
          "              value: 'db.shop.svc.cluster.local'\n",
          with: """
                          value: 'db.shop.svc.cluster.local'
                        - name: FEATURE_FLAGS
                          value: "on"

            """))
  }

  @Test func containerWithNestedListFollowsTheIndentedSequenceStyle() throws {
    let outcome = try Fixture.backport(
      web,
      try change(
        .added, "spec.template.spec.containers[name=envoy]",
        live: .object([
          "name": "envoy", "image": "envoyproxy/envoy:v1.30.1", "ports": [.object(["containerPort": 9901])],
        ])))
    #expect(
      outcome.text
        == web.replacingOnce(
          "              memory: 512Mi\n---",
          with: """
                          memory: 512Mi
                    - name: envoy
                      image: envoyproxy/envoy:v1.30.1
                      ports:
                        - containerPort: 9901
            ---
            """))
  }

  @Test func itemInAKubectlStyleListFollowsItsUnindentedStyle() throws {
    let outcome = try Fixture.backport(
      service, kind: "Service", name: "api",
      try change(
        .added, "spec.ports[port=443,protocol=TCP]",
        live: .object(["name": "https", "port": 443, "targetPort": 8443])))
    #expect(
      outcome.text
        == service.replacingOnce(
          "    port: 9090\n", with: "    port: 9090\n  - name: https\n    port: 443\n    targetPort: 8443\n"))
  }

  @Test func indexAtTheEndAppendsToAListOfScalars() throws {
    let outcome = try Fixture.backport(
      service, kind: "Service", name: "api", try change(.added, "spec.ipFamilies[1]", live: "IPv6"))
    #expect(outcome.text == service.replacingOnce("  - IPv4\n", with: "  - IPv4\n  - IPv6\n"))
  }

  @Test func flowMapGetsTheEntryBeforeItsBrace() throws {
    let outcome = try Fixture.backport(
      service, kind: "Service", name: "api", try change(.added, "metadata.labels.env", live: "prod"))
    #expect(outcome.text == service.replacingOnce(#"tier: "backend"}"#, with: #"tier: "backend", env: prod}"#))
  }

  @Test func emptyFlowMapParentBecomesABlock() throws {
    let outcome = try Fixture.backport(
      service, kind: "Service", name: "api", try change(.added, "metadata.annotations.owner", live: "team-api"))
    #expect(outcome.text == service.replacingOnce("  annotations: {}\n", with: "  annotations:\n    owner: team-api\n"))
  }

  @Test func emptyValueOfThePathItselfIsReplaced() throws {
    let affinity = try Fixture.backport(
      service, kind: "Service", name: "api", try change(.added, "spec.sessionAffinity", live: "ClientIP"))
    #expect(affinity.text == service.replacingOnce("  sessionAffinity:\n", with: "  sessionAffinity: ClientIP\n"))
    let ips = try Fixture.backport(
      service, kind: "Service", name: "api", try change(.added, "spec.externalIPs", live: ["10.0.0.7"]))
    #expect(ips.text == service.replacingOnce("  externalIPs: []\n", with: "  externalIPs:\n  - 10.0.0.7\n"))
  }

  @Test func keyUnderAnEmptyNullParentMakesABlock() throws {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n  # none yet\nspec: {}\n"
    let outcome = try Fixture.backport(
      text, kind: "Pod", name: "p", try change(.added, "metadata.labels.app", live: "p"))
    #expect(outcome.text == text.replacingOnce("  labels:\n", with: "  labels:\n    app: p\n"))
  }
}

@Suite("YAMLEditPlanner: removed values")
struct RemovedValueTests {
  let web = Manifests.web
  let service = Manifests.service

  @Test func keyTakesItsLinesAndTrailingComment() throws {
    let outcome = try Fixture.backport(web, try change(.removed, "spec.replicas", iac: 3))
    #expect(outcome.text == web.replacingOnce("  replicas: 3 # raised by hand during the autumn sale\n", with: ""))
  }

  @Test func subtreeTakesAllItsLines() throws {
    let outcome = try Fixture.backport(
      web, try change(.removed, "spec.template.spec.containers[name=web].resources.limits"))
    #expect(
      outcome.text
        == web.replacingOnce(
          "            limits:\n              cpu: 1 # one full core for server-side rendering bursts\n"
            + "              memory: 512Mi\n",
          with: ""))
  }

  @Test func listItemTakesItsLines() throws {
    let outcome = try Fixture.backport(
      web, try change(.removed, "spec.template.spec.containers[name=web].env[name=DB_HOST]"))
    #expect(
      outcome.text
        == web.replacingOnce(
          "            - name: DB_HOST\n              value: 'db.shop.svc.cluster.local'\n", with: ""))
    let kubectl = try Fixture.backport(
      service, kind: "Service", name: "api", try change(.removed, "spec.ports[port=80,protocol=TCP]"))
    #expect(kubectl.text == service.replacingOnce("  - name: http\n    port: 80\n    targetPort: 8080\n", with: ""))
  }

  @Test func lastKeyLeavesAnEmptyMapAndTheCommentAbove() throws {
    let outcome = try Fixture.backport(web, try change(.removed, "metadata.annotations.owner"))
    #expect(
      outcome.text
        == web.replacingOnce(
          "  annotations:\n    # who gets paged\n    owner: \"team-storefront\"\n",
          with: "  annotations: {}\n    # who gets paged\n"))
    let selector = try Fixture.backport(
      service, kind: "Service", name: "api", try change(.removed, "spec.selector.app"))
    #expect(selector.text == service.replacingOnce("  selector:\n    app: api\n", with: "  selector: {}\n"))
  }

  @Test func lastItemLeavesAnEmptyList() throws {
    let outcome = try Fixture.backport(
      web, try change(.removed, "spec.template.spec.containers[name=web].ports[containerPort=8080,protocol=TCP]"))
    #expect(
      outcome.text
        == web.replacingOnce(
          "          ports:\n            - name: http\n              containerPort: 8080\n",
          with: "          ports: []\n"))
  }

  @Test func keyOnADashLineHandsTheLineToTheNextKey() throws {
    let outcome = try Fixture.backport(
      web, try change(.removed, "spec.template.spec.containers[name=web].ports[containerPort=8080,protocol=TCP].name"))
    #expect(
      outcome.text
        == web.replacingOnce(
          "            - name: http\n              containerPort: 8080\n", with: "            - containerPort: 8080\n"))
  }

  @Test func flowMapEntryTakesOneComma() throws {
    let first = try Fixture.backport(service, kind: "Service", name: "api", try change(.removed, "metadata.labels.app"))
    #expect(first.text == service.replacingOnce(#"{app: api, tier: "backend"}"#, with: #"{tier: "backend"}"#))
    let last = try Fixture.backport(service, kind: "Service", name: "api", try change(.removed, "metadata.labels.tier"))
    #expect(last.text == service.replacingOnce(#"{app: api, tier: "backend"}"#, with: "{app: api}"))
  }

  @Test func wholeKubectlStyleListGoes() throws {
    let outcome = try Fixture.backport(service, kind: "Service", name: "api", try change(.removed, "spec.ipFamilies"))
    #expect(outcome.text == service.replacingOnce("  ipFamilies:\n  - IPv4\n", with: ""))
  }

  @Test func keyNextToAMergeKeyGoesAndTheMergeStays() throws {
    let text = Manifests.anchors
    let outcome = try Fixture.backport(text, try change(.removed, "spec.template.metadata.labels.tier"))
    #expect(outcome.text == text.replacingOnce("        tier: frontend\n", with: ""))
  }
}

@Suite("YAMLEditPlanner: JSON")
struct JSONEditTests {
  let json = Manifests.json

  private func backport(_ change: Change) throws -> BackportOutcome {
    try Fixture.backport(json, path: "api.json", kind: "Service", name: "api", change)
  }

  @Test func changedScalar() throws {
    let outcome = try backport(try change(.changed, "spec.type", live: "NodePort"))
    #expect(outcome.text == json.replacingOnce(#""type": "ClusterIP""#, with: #""type": "NodePort""#))
  }

  @Test func addedMemberGoesAfterTheLastWithACommaAndItsIndentation() throws {
    let outcome = try backport(try change(.added, "metadata.labels.tier", live: "backend"))
    #expect(
      outcome.text
        == json.replacingOnce(
          "            \"app\": \"api\"\n", with: "            \"app\": \"api\",\n            \"tier\": \"backend\"\n"))
  }

  @Test func addedIntoAnEmptyObjectIsPrettyPrinted() throws {
    let outcome = try backport(try change(.added, "metadata.annotations.owner", live: "team-api"))
    #expect(
      outcome.text
        == json.replacingOnce(
          "        \"annotations\": {}\n",
          with: "        \"annotations\": {\n            \"owner\": \"team-api\"\n        }\n"))
  }

  @Test func addedOnOneLineStaysOnOneLine() throws {
    let outcome = try backport(try change(.added, "spec.selector.tier", live: "backend"))
    #expect(outcome.text == json.replacingOnce(#"{"app": "api"}"#, with: #"{"app": "api", "tier": "backend"}"#))
  }

  @Test func addedArrayItem() throws {
    let outcome = try backport(
      try change(.added, "spec.ports[port=443,protocol=TCP]", live: .object(["name": "https", "port": 443])))
    #expect(
      outcome.text
        == json.replacingOnce(
          "                \"port\": 80\n            }\n",
          with: """
                            "port": 80
                        },
                        {
                            "name": "https",
                            "port": 443
                        }

            """))
  }

  @Test func removedMembersTakeOneComma() throws {
    let last = try backport(try change(.removed, "spec.type"))
    #expect(last.text == json.replacingOnce(",\n        \"type\": \"ClusterIP\"", with: ""))
    let middle = try backport(try change(.removed, "metadata.namespace"))
    #expect(middle.text == json.replacingOnce(",\n        \"namespace\": \"shop\"", with: ""))
    let first = try backport(try change(.removed, "spec.ports"))
    #expect(
      first.text
        == json.replacingOnce(
          """
          "ports": [
                      {
                          "name": "http",
                          "port": 80
                      }
                  ],
                  "selector"
          """, with: "\"selector\""))
    let only = try backport(try change(.removed, "metadata.labels.app"))
    #expect(only.text == json.replacingOnce("{\n            \"app\": \"api\"\n        }", with: "{}"))
  }
}

@Suite("YAMLEditPlanner: refusals")
struct RefusalTests {
  let anchors = Manifests.anchors

  @Test func valueFromAnAliasIsRefused() throws {
    let refusal = try Fixture.refusal(anchors, try change(.changed, "spec.selector.matchLabels.app", live: "web-v2"))
    #expect(refusal?.reason.contains("YAML alias") == true)
    #expect(refusal?.reason.contains("edit the anchor by hand") == true)
  }

  @Test func valueUnderAnAliasedAnchorIsRefused() throws {
    let refusal = try Fixture.refusal(anchors, try change(.changed, "metadata.labels.app", live: "web-v2"))
    #expect(refusal?.reason.contains("&labels") == true)
  }

  @Test func valueFromAMergeKeyIsRefused() throws {
    let refusal = try Fixture.refusal(anchors, try change(.changed, "spec.template.metadata.labels.app", live: "x"))
    #expect(refusal?.reason.contains("merge key") == true)
  }

  @Test func missingParentIsRefusedWithItsPath() throws {
    let refusal = try Fixture.refusal(
      anchors, try change(.added, "spec.template.spec.securityContext.runAsUser", live: 1000))
    #expect(refusal?.reason.contains("has no spec.template.spec.securityContext") == true)
  }

  @Test func indexBeyondTheListIsRefused() throws {
    let refusal = try Fixture.refusal(
      anchors, try change(.added, "spec.template.spec.containers[3]", live: .object(["name": "x"])))
    #expect(refusal?.reason.contains("beyond the end of the list") == true)
  }

  @Test func typeChangeUnderAnExplicitTagIsRefused() throws {
    let refusal = try Fixture.refusal(
      anchors, try change(.changed, "spec.template.spec.containers[name=web].command", live: "nginx"))
    #expect(refusal?.reason.contains("explicit YAML tag") == true)
  }

  @Test func removingAnAnchorThatAliasesStillUseIsRefused() throws {
    let text = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: web
        annotations:
          defaults: &defaults {tier: web}
      data:
        copy: *defaults

      """
    let refusal = try Fixture.refusal(text, kind: "ConfigMap", try change(.removed, "metadata.annotations"))
    #expect(refusal?.reason.contains("&defaults") == true)
  }

  @Test func wholeObjectIsRefused() throws {
    let refusal = try Fixture.refusal(anchors, Change(path: .root, kind: .changed, iac: nil, live: .object([:])))
    #expect(refusal != nil)
  }

  @Test func taggedScalarKeepsItsTag() throws {
    let outcome = try Fixture.backport(
      anchors, try change(.changed, "spec.template.spec.containers[name=web].note", live: "13"))
    #expect(outcome.text == anchors.replacingOnce("note: !!str 12", with: "note: !!str \"13\""))
  }
}
