package sos.audit;

import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import sos.audit.domain.InvalidQueryException;
import sos.audit.domain.MilestoneStore;
import sos.audit.domain.ResponseKpis;

/** Response-time KPIs of the alerts raised in a period. */
@RestController
@RequestMapping("/api/v1/audit")
class KpiController {

    private final MilestoneStore milestones;
    private final AccessContext access;

    KpiController(MilestoneStore milestones, AccessContext access) {
        this.milestones = milestones;
        this.access = access;
    }

    @GetMapping("/kpis")
    KpiView kpis(
            @RequestParam Instant from,
            @RequestParam Instant to,
            @RequestParam(required = false) String groupBy,
            @RequestParam(required = false) Boolean drill,
            @RequestParam(required = false) String consulateId) {
        if (!from.isBefore(to)) {
            throw new InvalidQueryException("from must be before to");
        }
        ResponseKpis.GroupBy grouping = ResponseKpis.GroupBy.parse(groupBy);
        consulateId = access.scopeConsulate(consulateId);
        return new KpiView(
                from,
                to,
                grouping.name(),
                drill,
                consulateId,
                ResponseKpis.compute(milestones.milestones(from, to, drill, consulateId), grouping));
    }

    record KpiView(
            Instant from,
            Instant to,
            String groupBy,
            Boolean drill,
            String consulateId,
            List<ResponseKpis.Group> groups) {}
}
