# The runner nodes: one task group per flavour of conf/flavours.conf, each allocation one runner node
# with AUTOGRADER_RUNNER_SLOTS slots. NomadJobTest checks that every flavour has its group and that
# each group's resources follow the sizing rule below. docs/operations.md tells how to scale a flavour
# and add one.

variable "image" {
  description = "The runner node's image (scripts/build-node-images.sh), loaded on every runner host."
  type        = string
  default     = "autograder-runner:0.1.0-SNAPSHOT"
}

job "autograder-runners" {
  namespace = "autograder"
  type      = "service"

  # The sizing rule of every group (docs/operations.md, "Sizing a flavour"). The sandboxes are
  # containers of the host's Docker engine, outside the task's cgroup, each held to its flavour's
  # limits by Docker; the task's resources reserve their room on the host, so that Nomad places no
  # more runners on a host than their sandboxes fit:
  #   cpu (MHz)    = slots x flavour cpus x cpu_mhz_per_core + node_cpu_mhz
  #   memory (MiB) = slots x (flavour memory + tmp-size + work-size) + node_memory_mib
  meta {
    cpu_mhz_per_core = "2000"
    node_cpu_mhz     = "500"
    node_memory_mib  = "768"
  }

  update {
    max_parallel     = 2
    min_healthy_time = "20s"
    healthy_deadline = "5m"
    auto_revert      = true
  }

  group "default" {
    count = 2

    # The autoscaler follows the flavour's queue, scraped by Prometheus from the scheduler nodes'
    # /metrics (each scheduler node reports the same queue, hence max): jobs waiting or running per
    # slot, held near 1.
    scaling {
      enabled = true
      min     = 1
      max     = 20

      policy {
        evaluation_interval = "30s"
        cooldown            = "3m"

        check "jobs_per_slot" {
          source = "prometheus"
          query  = "(max(autograder_queue_waiting_jobs{flavour=\"default\"}) + max(autograder_queue_running_jobs{flavour=\"default\"})) / clamp_min(max(autograder_runner_slots{flavour=\"default\"}), 1)"

          strategy "target-value" {
            target = 1
          }
        }
      }
    }

    network {
      mode = "host"
      port "cluster" {}
    }

    # Recycling mode: after AUTOGRADER_RECYCLE_AFTER_JOBS jobs the runner leaves the cluster and exits
    # with 0. A service job's task is restarted whatever its exit code, in place (same allocation,
    # same node name, so it removes its old self's leftovers); "delay" waits out the interval rather
    # than failing the allocation when recycling comes quickly.
    restart {
      attempts = 20
      interval = "10m"
      delay    = "5s"
      mode     = "delay"
    }

    task "runner" {
      driver = "docker"

      config {
        image        = var.image
        network_mode = "host"
        # The node's own JVM stays within the group's reservation.
        cpu_hard_limit = true
        # The host's Docker engine, where the node starts every sandbox. Whoever controls this socket
        # is root on the host: the runner image and its configuration must be as trusted as the host
        # itself (docs/operations.md, "The Docker socket"). Nomad clients need volumes enabled in
        # their docker plugin configuration.
        volumes = ["/var/run/docker.sock:/var/run/docker.sock"]
      }

      # SIGTERM: the node leaves the cluster; a job it was grading goes back to its queue with the
      # next attempt, which never counts against the student.
      kill_timeout = "30s"

      template {
        destination = "secrets/autograder.env"
        env         = true
        change_mode = "noop"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs" }}
          AUTOGRADER_SEED_NODES={{ .seed_nodes }}
          {{- end }}
        EOT
      }

      # The cluster's TLS credentials (docs/operations.md, "Secrets"), rewritten in place when the
      # variable changes: the node reads them again within 5 minutes, without a restart.
      template {
        destination = "secrets/tls/tls.key"
        change_mode = "noop"
        perms       = "0600"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}{{ .tls_runner_key }}{{ end }}
        EOT
      }

      template {
        destination = "secrets/tls/tls.crt"
        change_mode = "noop"
        perms       = "0644"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}{{ .tls_runner_cert }}{{ end }}
        EOT
      }

      template {
        destination = "secrets/tls/ca.crt"
        change_mode = "noop"
        perms       = "0644"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}{{ .tls_ca }}{{ end }}
        EOT
      }

      env {
        AUTOGRADER_FLAVOUR            = "default"
        AUTOGRADER_RUNNER_SLOTS       = "2"
        AUTOGRADER_NODE_NAME          = "default-${NOMAD_SHORT_ALLOC_ID}"
        AUTOGRADER_RECYCLE_AFTER_JOBS = "200"
        AUTOGRADER_CLUSTER_HOSTNAME   = "${NOMAD_IP_cluster}"
        AUTOGRADER_TLS_DIR   = "${NOMAD_SECRETS_DIR}/tls"
        AUTOGRADER_CLUSTER_PORT       = "${NOMAD_PORT_cluster}"
        # The node's own heap; the rest of the reservation is the sandboxes'.
        JAVA_TOOL_OPTIONS = "-Xmx384m"
      }

      # default: 2 slots x 1.0 cpus x 2000 MHz + 500 MHz; 2 x (512 + 16 + 64) MiB + 768 MiB.
      resources {
        cpu    = 4500
        memory = 1952
      }
    }
  }

  group "ds-small" {
    count = 2

    # The autoscaler follows the flavour's queue, scraped by Prometheus from the scheduler nodes'
    # /metrics (each scheduler node reports the same queue, hence max): jobs waiting or running per
    # slot, held near 1.
    scaling {
      enabled = true
      min     = 1
      max     = 20

      policy {
        evaluation_interval = "30s"
        cooldown            = "3m"

        check "jobs_per_slot" {
          source = "prometheus"
          query  = "(max(autograder_queue_waiting_jobs{flavour=\"ds-small\"}) + max(autograder_queue_running_jobs{flavour=\"ds-small\"})) / clamp_min(max(autograder_runner_slots{flavour=\"ds-small\"}), 1)"

          strategy "target-value" {
            target = 1
          }
        }
      }
    }

    network {
      mode = "host"
      port "cluster" {}
    }

    # Recycling mode: after AUTOGRADER_RECYCLE_AFTER_JOBS jobs the runner leaves the cluster and exits
    # with 0. A service job's task is restarted whatever its exit code, in place (same allocation,
    # same node name, so it removes its old self's leftovers); "delay" waits out the interval rather
    # than failing the allocation when recycling comes quickly.
    restart {
      attempts = 20
      interval = "10m"
      delay    = "5s"
      mode     = "delay"
    }

    task "runner" {
      driver = "docker"

      config {
        image        = var.image
        network_mode = "host"
        # The node's own JVM stays within the group's reservation.
        cpu_hard_limit = true
        # The host's Docker engine, where the node starts every sandbox. Whoever controls this socket
        # is root on the host: the runner image and its configuration must be as trusted as the host
        # itself (docs/operations.md, "The Docker socket"). Nomad clients need volumes enabled in
        # their docker plugin configuration.
        volumes = ["/var/run/docker.sock:/var/run/docker.sock"]
      }

      # SIGTERM: the node leaves the cluster; a job it was grading goes back to its queue with the
      # next attempt, which never counts against the student.
      kill_timeout = "30s"

      template {
        destination = "secrets/autograder.env"
        env         = true
        change_mode = "noop"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs" }}
          AUTOGRADER_SEED_NODES={{ .seed_nodes }}
          {{- end }}
        EOT
      }

      # The cluster's TLS credentials (docs/operations.md, "Secrets"), rewritten in place when the
      # variable changes: the node reads them again within 5 minutes, without a restart.
      template {
        destination = "secrets/tls/tls.key"
        change_mode = "noop"
        perms       = "0600"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}{{ .tls_runner_key }}{{ end }}
        EOT
      }

      template {
        destination = "secrets/tls/tls.crt"
        change_mode = "noop"
        perms       = "0644"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}{{ .tls_runner_cert }}{{ end }}
        EOT
      }

      template {
        destination = "secrets/tls/ca.crt"
        change_mode = "noop"
        perms       = "0644"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}{{ .tls_ca }}{{ end }}
        EOT
      }

      env {
        AUTOGRADER_FLAVOUR            = "ds-small"
        AUTOGRADER_RUNNER_SLOTS       = "4"
        AUTOGRADER_NODE_NAME          = "ds-small-${NOMAD_SHORT_ALLOC_ID}"
        AUTOGRADER_RECYCLE_AFTER_JOBS = "200"
        AUTOGRADER_CLUSTER_HOSTNAME   = "${NOMAD_IP_cluster}"
        AUTOGRADER_TLS_DIR   = "${NOMAD_SECRETS_DIR}/tls"
        AUTOGRADER_CLUSTER_PORT       = "${NOMAD_PORT_cluster}"
        # The node's own heap; the rest of the reservation is the sandboxes'.
        JAVA_TOOL_OPTIONS = "-Xmx384m"
      }

      # ds-small: 4 slots x 1.0 cpus x 2000 MHz + 500 MHz; 4 x (256 + 16 + 64) MiB + 768 MiB.
      resources {
        cpu    = 8500
        memory = 2112
      }
    }
  }

  group "systems" {
    count = 2

    # The autoscaler follows the flavour's queue, scraped by Prometheus from the scheduler nodes'
    # /metrics (each scheduler node reports the same queue, hence max): jobs waiting or running per
    # slot, held near 1.
    scaling {
      enabled = true
      min     = 1
      max     = 20

      policy {
        evaluation_interval = "30s"
        cooldown            = "3m"

        check "jobs_per_slot" {
          source = "prometheus"
          query  = "(max(autograder_queue_waiting_jobs{flavour=\"systems\"}) + max(autograder_queue_running_jobs{flavour=\"systems\"})) / clamp_min(max(autograder_runner_slots{flavour=\"systems\"}), 1)"

          strategy "target-value" {
            target = 1
          }
        }
      }
    }

    network {
      mode = "host"
      port "cluster" {}
    }

    # Recycling mode: after AUTOGRADER_RECYCLE_AFTER_JOBS jobs the runner leaves the cluster and exits
    # with 0. A service job's task is restarted whatever its exit code, in place (same allocation,
    # same node name, so it removes its old self's leftovers); "delay" waits out the interval rather
    # than failing the allocation when recycling comes quickly.
    restart {
      attempts = 20
      interval = "10m"
      delay    = "5s"
      mode     = "delay"
    }

    task "runner" {
      driver = "docker"

      config {
        image        = var.image
        network_mode = "host"
        # The node's own JVM stays within the group's reservation.
        cpu_hard_limit = true
        # The host's Docker engine, where the node starts every sandbox. Whoever controls this socket
        # is root on the host: the runner image and its configuration must be as trusted as the host
        # itself (docs/operations.md, "The Docker socket"). Nomad clients need volumes enabled in
        # their docker plugin configuration.
        volumes = ["/var/run/docker.sock:/var/run/docker.sock"]
      }

      # SIGTERM: the node leaves the cluster; a job it was grading goes back to its queue with the
      # next attempt, which never counts against the student.
      kill_timeout = "30s"

      template {
        destination = "secrets/autograder.env"
        env         = true
        change_mode = "noop"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs" }}
          AUTOGRADER_SEED_NODES={{ .seed_nodes }}
          {{- end }}
        EOT
      }

      # The cluster's TLS credentials (docs/operations.md, "Secrets"), rewritten in place when the
      # variable changes: the node reads them again within 5 minutes, without a restart.
      template {
        destination = "secrets/tls/tls.key"
        change_mode = "noop"
        perms       = "0600"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}{{ .tls_runner_key }}{{ end }}
        EOT
      }

      template {
        destination = "secrets/tls/tls.crt"
        change_mode = "noop"
        perms       = "0644"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}{{ .tls_runner_cert }}{{ end }}
        EOT
      }

      template {
        destination = "secrets/tls/ca.crt"
        change_mode = "noop"
        perms       = "0644"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}{{ .tls_ca }}{{ end }}
        EOT
      }

      env {
        AUTOGRADER_FLAVOUR            = "systems"
        AUTOGRADER_RUNNER_SLOTS       = "2"
        AUTOGRADER_NODE_NAME          = "systems-${NOMAD_SHORT_ALLOC_ID}"
        AUTOGRADER_RECYCLE_AFTER_JOBS = "200"
        AUTOGRADER_CLUSTER_HOSTNAME   = "${NOMAD_IP_cluster}"
        AUTOGRADER_TLS_DIR   = "${NOMAD_SECRETS_DIR}/tls"
        AUTOGRADER_CLUSTER_PORT       = "${NOMAD_PORT_cluster}"
        # The node's own heap; the rest of the reservation is the sandboxes'.
        JAVA_TOOL_OPTIONS = "-Xmx384m"
      }

      # systems: 2 slots x 2.0 cpus x 2000 MHz + 500 MHz; 2 x (1024 + 16 + 64) MiB + 768 MiB.
      resources {
        cpu    = 8500
        memory = 2976
      }
    }
  }
}
