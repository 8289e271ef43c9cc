install(TARGETS probe)
install(FILES probe.conf DESTINATION etc/probe)
