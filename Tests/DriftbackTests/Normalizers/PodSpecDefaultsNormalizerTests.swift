import DriftbackSyntax
import Testing

@testable import Driftback

@Suite struct PodSpecDefaultsNormalizerTests {
  static let id = PodSpecDefaultsNormalizer().id

  // MARK: - Bare Pod

  static let podIaC = """
    apiVersion: v1
    kind: Pod
    metadata:
      name: debug
      namespace: shop
      labels:
        run: debug
    spec:
      containers:
      - name: debug
        image: busybox:1.36
        command: [sleep, "3600"]
    """

  static func podLive(restartPolicy: String = "Always", extraToleration: String = "") -> String {
    """
    apiVersion: v1
    kind: Pod
    metadata:
      creationTimestamp: "2026-11-21T10:02:11Z"
      labels:
        run: debug
      name: debug
      namespace: shop
      resourceVersion: "920114"
      uid: 6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d
    spec:
      containers:
      - command:
        - sleep
        - "3600"
        image: busybox:1.36
        imagePullPolicy: IfNotPresent
        name: debug
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
        volumeMounts:
        - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
          name: kube-api-access-7xk2p
          readOnly: true
      dnsPolicy: ClusterFirst
      enableServiceLinks: true
      nodeName: ip-10-0-3-17.ec2.internal
      preemptionPolicy: PreemptLowerPriority
      priority: 0
      restartPolicy: \(restartPolicy)
      schedulerName: default-scheduler
      securityContext: {}
      serviceAccount: default
      serviceAccountName: default
      terminationGracePeriodSeconds: 30
      tolerations:
      \(extraToleration)- effect: NoExecute
        key: node.kubernetes.io/not-ready
        operator: Exists
        tolerationSeconds: 300
      - effect: NoExecute
        key: node.kubernetes.io/unreachable
        operator: Exists
        tolerationSeconds: 300
      volumes:
      - name: kube-api-access-7xk2p
        projected:
          defaultMode: 420
          sources:
          - serviceAccountToken:
              expirationSeconds: 3607
              path: token
          - configMap:
              items:
              - key: ca.crt
                path: ca.crt
              name: kube-root-ca.crt
          - downwardAPI:
              items:
              - fieldRef:
                  apiVersion: v1
                  fieldPath: metadata.namespace
                path: namespace
    status:
      phase: Running
      podIP: 10.0.3.201
      qosClass: BestEffort
    """
  }

  @Test func podAdmissionAndSchedulerFieldsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.podIaC, live: Self.podLive()) == [])
    let without = try NormalizerFixture.changes(iac: Self.podIaC, live: Self.podLive(), without: Self.id)
    #expect(
      without == [
        "spec.containers[name=debug].volumeMounts added", "spec.dnsPolicy added", "spec.enableServiceLinks added",
        "spec.nodeName added", "spec.preemptionPolicy added", "spec.priority added", "spec.restartPolicy added",
        "spec.schedulerName added",
        "spec.serviceAccount added", "spec.serviceAccountName added", "spec.terminationGracePeriodSeconds added",
        "spec.tolerations added", "spec.volumes added",
      ])
  }

  @Test func nonDefaultPodFieldsAreReported() throws {
    #expect(
      try NormalizerFixture.changes(iac: Self.podIaC, live: Self.podLive(restartPolicy: "Never")) == [
        "spec.restartPolicy added"
      ])
    let toleration = "- effect: NoSchedule\n    key: dedicated\n    operator: Equal\n    value: batch\n  "
    let changes = try NormalizerFixture.changeList(iac: Self.podIaC, live: Self.podLive(extraToleration: toleration))
    #expect(changes.map { "\($0.path) \($0.kind.rawValue)" } == ["spec.tolerations added"])
    // The default tolerations are gone from the finding; only the hand-added one is left.
    #expect(changes.first?.live?.list?.count == 1)
    #expect(changes.first?.live?.list?.first?["key"] == "dedicated")
  }

  @Test func declaredDefaultTolerationIsCompared() throws {
    let iac =
      Self.podIaC + """

          tolerations:
          - effect: NoExecute
            key: node.kubernetes.io/unreachable
            operator: Exists
            tolerationSeconds: 60
        """
    // not-ready is still the admission default; the declared unreachable toleration is compared.
    #expect(
      try NormalizerFixture.changes(iac: iac, live: Self.podLive()) == ["spec.tolerations[0].tolerationSeconds changed"]
    )
  }

  @Test func cleaningAPodRemovesAdmissionFields() throws {
    let spec = try #require(try NormalizerFixture.clean(Self.podLive())["spec"])
    for key in [
      "nodeName", "tolerations", "volumes", "priority", "serviceAccount", "serviceAccountName", "dnsPolicy",
      "enableServiceLinks", "preemptionPolicy", "restartPolicy", "schedulerName", "securityContext",
      "terminationGracePeriodSeconds",
    ] {
      #expect(spec[key] == nil, "\(key)")
    }
    #expect(spec["containers"]?.list?.first?["volumeMounts"] == nil)
  }

  @Test func legacyTokenSecretVolumeIsNoise() throws {
    let live = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: debug
        namespace: shop
      spec:
        containers:
        - image: busybox:1.36
          name: debug
          volumeMounts:
          - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
            name: default-token-m7wjs
            readOnly: true
        serviceAccountName: default
        volumes:
        - name: default-token-m7wjs
          secret:
            defaultMode: 420
            secretName: default-token-m7wjs
      """
    let iac = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: debug
        namespace: shop
      spec:
        containers:
        - name: debug
          image: busybox:1.36
      """
    #expect(try NormalizerFixture.changes(iac: iac, live: live) == [])
    let without = try NormalizerFixture.changes(iac: iac, live: live, without: Self.id)
    #expect(
      without == [
        "spec.containers[name=debug].volumeMounts added", "spec.serviceAccountName added",
        "spec.volumes added",
      ])
  }

  // MARK: - Templates

  static let deploymentIaC = """
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
          serviceAccountName: web
          containers:
          - name: web
            image: nginx:1.27
    """

  static func deploymentLive(podSpecExtra: String = "", dnsPolicy: String = "ClusterFirst") -> String {
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
          - image: nginx:1.27
            imagePullPolicy: IfNotPresent
            name: web
            resources: {}
            terminationMessagePath: /dev/termination-log
            terminationMessagePolicy: File
          dnsPolicy: \(dnsPolicy)
          \(podSpecExtra)restartPolicy: Always
          schedulerName: default-scheduler
          securityContext: {}
          serviceAccount: web
          serviceAccountName: web
          terminationGracePeriodSeconds: 30
    """
  }

  @Test func templateDefaultsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.deploymentIaC, live: Self.deploymentLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.deploymentIaC, live: Self.deploymentLive(), without: Self.id) == [
        "spec.template.spec.dnsPolicy added", "spec.template.spec.restartPolicy added",
        "spec.template.spec.schedulerName added", "spec.template.spec.serviceAccount added",
        "spec.template.spec.terminationGracePeriodSeconds added",
      ])
    #expect(
      try NormalizerFixture.changes(iac: Self.deploymentIaC, live: Self.deploymentLive(dnsPolicy: "Default"))
        == ["spec.template.spec.dnsPolicy added"])
  }

  @Test func admissionFieldsInTemplatesAreDrift() throws {
    // Templates never go through Pod admission or the scheduler: these were put there by someone.
    let extra = "nodeName: ip-10-0-3-17.ec2.internal\n      priority: 0\n      "
    #expect(
      try NormalizerFixture.changes(iac: Self.deploymentIaC, live: Self.deploymentLive(podSpecExtra: extra))
        == ["spec.template.spec.nodeName added", "spec.template.spec.priority added"])
  }
}
