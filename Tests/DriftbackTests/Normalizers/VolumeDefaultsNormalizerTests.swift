import DriftbackSyntax
import Testing

@testable import Driftback

@Suite struct VolumeDefaultsNormalizerTests {
  static let id = VolumeDefaultsNormalizer().id

  /// The IaC writes the config map mode the way people do, as the YAML 1.1 octal `0644`.
  static func deploymentIaC(configMode: String = "0644") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      replicas: 2
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
          - name: web
            image: ghcr.io/shop/web:2.4.1
            imagePullPolicy: IfNotPresent
          volumes:
          - name: config
            configMap:
              name: web-config
              defaultMode: \(configMode)
          - name: tls
            secret:
              secretName: web-tls
          - name: scratch
          - name: host-logs
            hostPath:
              path: /var/log
          - name: podinfo
            downwardAPI:
              items:
              - path: labels
                fieldRef:
                  fieldPath: metadata.labels
          - name: token
            projected:
              sources:
              - serviceAccountToken:
                  path: token
                  audience: vault
    """
  }

  static func deploymentLive(secretMode: Int = 420, configMode: Int = 420) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      progressDeadlineSeconds: 600
      replicas: 2
      revisionHistoryLimit: 10
      selector:
        matchLabels:
          app: web
      strategy:
        rollingUpdate:
          maxSurge: 25%
          maxUnavailable: 25%
        type: RollingUpdate
      template:
        metadata:
          creationTimestamp: null
          labels:
            app: web
        spec:
          containers:
          - image: ghcr.io/shop/web:2.4.1
            imagePullPolicy: IfNotPresent
            name: web
            resources: {}
            terminationMessagePath: /dev/termination-log
            terminationMessagePolicy: File
          dnsPolicy: ClusterFirst
          restartPolicy: Always
          schedulerName: default-scheduler
          securityContext: {}
          terminationGracePeriodSeconds: 30
          volumes:
          - configMap:
              defaultMode: \(configMode)
              name: web-config
            name: config
          - name: tls
            secret:
              defaultMode: \(secretMode)
              secretName: web-tls
          - emptyDir: {}
            name: scratch
          - hostPath:
              path: /var/log
              type: ""
            name: host-logs
          - downwardAPI:
              defaultMode: 420
              items:
              - fieldRef:
                  apiVersion: v1
                  fieldPath: metadata.labels
                path: labels
            name: podinfo
          - name: token
            projected:
              defaultMode: 420
              sources:
              - serviceAccountToken:
                  audience: vault
                  expirationSeconds: 3600
                  path: token
    """
  }

  @Test func octalModeInIaCEqualsLiveDecimal() throws {
    let iac = try NormalizerFixture.object(Self.deploymentIaC())
    let mode = try #require(
      iac.value(at: ["spec", "template", "spec"])?["volumes"]?.list?.first?["configMap"]?["defaultMode"])
    #expect(mode == 420)
    #expect(mode.number?.text == "0644")
  }

  @Test func volumeDefaultsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.deploymentIaC(), live: Self.deploymentLive()) == [])
    let without = try NormalizerFixture.changes(
      iac: Self.deploymentIaC(), live: Self.deploymentLive(), without: Self.id)
    #expect(
      without
        == [
          "spec.template.spec.volumes[name=podinfo].downwardAPI.defaultMode added",
          "spec.template.spec.volumes[name=podinfo].downwardAPI.items[0].fieldRef.apiVersion added",
          "spec.template.spec.volumes[name=scratch].emptyDir added",
          "spec.template.spec.volumes[name=tls].secret.defaultMode added",
          "spec.template.spec.volumes[name=token].projected.defaultMode added",
          "spec.template.spec.volumes[name=token].projected.sources[0].serviceAccountToken.expirationSeconds added",
        ].sorted())
  }

  @Test func nonDefaultModesAreReported() throws {
    // 0600 = 384 set by hand on the secret, which the IaC leaves at the default.
    #expect(
      try NormalizerFixture.changes(iac: Self.deploymentIaC(), live: Self.deploymentLive(secretMode: 384))
        == ["spec.template.spec.volumes[name=tls].secret.defaultMode added"])
    // The IaC's 0644 against a live 0600.
    let changes = try NormalizerFixture.changeList(
      iac: Self.deploymentIaC(), live: Self.deploymentLive(configMode: 384))
    #expect(
      changes.map { "\($0.path) \($0.kind.rawValue)" } == [
        "spec.template.spec.volumes[name=config].configMap.defaultMode changed"
      ])
    #expect(changes.first?.iac?.number?.text == "0644")
  }

  @Test func cleaningRemovesVolumeDefaults() throws {
    let cleaned = try NormalizerFixture.clean(Self.deploymentLive())
    let volumes = try #require(cleaned.value(at: ["spec", "template", "spec"])?["volumes"]?.list)
    #expect(volumes.count == 6)
    #expect(volumes[1] == ["name": "tls", "secret": ["secretName": "web-tls"]])
    #expect(volumes[2] == ["name": "scratch"])
    #expect(volumes[3] == ["hostPath": ["path": "/var/log"], "name": "host-logs"])
    #expect(volumes[5]["projected"] == ["sources": [["serviceAccountToken": ["audience": "vault", "path": "token"]]]])
  }
}
