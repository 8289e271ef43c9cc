plugins {
    kotlin("jvm") version "2.0.20"
    id("org.springframework.boot") version "3.3.4"
}

tasks.bootJar { archiveFileName.set("shop.jar") }
