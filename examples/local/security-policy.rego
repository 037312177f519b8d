package policy

# The security policy of the local demo's (fake) confidential container. The fake attestation
# report carries HOST_DATA = SHA-256 of this file, exactly as a real host sets it from the
# container group's ccePolicy, and the demo key's release policy requires that value.
api_version := "0.10.0"
framework_version := "0.2.3"

mount_device := {"allowed": true}
unmount_device := {"allowed": true}
mount_overlay := {"allowed": true}
unmount_overlay := {"allowed": true}
create_container := {"allowed": true, "env_list": null, "allow_stdio_access": true}
exec_in_container := {"allowed": true, "env_list": null}
exec_external := {"allowed": true, "env_list": null, "allow_stdio_access": true}
shutdown_container := {"allowed": true}
signal_container_process := {"allowed": true}
plan9_mount := {"allowed": true}
plan9_unmount := {"allowed": true}
get_properties := {"allowed": true}
dump_stacks := {"allowed": false}
runtime_logging := {"allowed": false}
load_fragment := {"allowed": false}
scratch_mount := {"allowed": true}
scratch_unmount := {"allowed": true}
