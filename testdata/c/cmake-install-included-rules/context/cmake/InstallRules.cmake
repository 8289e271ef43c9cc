install(TARGETS meter DESTINATION bin)
install(FILES ${PROJECT_SOURCE_DIR}/meter.conf DESTINATION etc/meter)
