# One image per service: docker build --build-arg SERVICE=order-service -t order-saga/order-service .
# (docker-compose.yml builds all six: auth-server and the five services.) The build stage compiles the service with its modules;
# the runtime stage holds only the JRE and the executable jar.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
ARG SERVICE
RUN ./mvnw -q -B -DskipTests package -pl ${SERVICE} -am

FROM eclipse-temurin:17-jre
ARG SERVICE
RUN useradd --system --uid 10001 app && mkdir -p /var/lib/app && chown app /var/lib/app
USER app
COPY --from=build /src/${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT-exec.jar /app/app.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
