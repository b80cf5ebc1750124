package io.jifen.platform.task;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The task centre over HTTP: a member's progress on the programme's tasks and what completing them unlocked. */
@RestController
class TaskController {

    private final MemberTasks tasks;

    TaskController(MemberTasks tasks) {
        this.tasks = tasks;
    }

    /** The task centre: the tasks of the rules in effect and the member's progress on each in its current period. */
    @GetMapping("/api/v1/members/{memberId}/tasks")
    List<MemberTasks.Progress> tasks(@PathVariable UUID memberId) {
        return tasks.progress(memberId);
    }

    /** What the member has unlocked by completing tasks and task packages (e.g. an item for inviters only). */
    @GetMapping("/api/v1/members/{memberId}/unlocks")
    List<MemberTasks.Unlock> unlocks(@PathVariable UUID memberId) {
        return tasks.unlocks(memberId);
    }
}
